import type { AccessDelivery, AccessPurpose, AccessRequest, AccessStatus, Clearance, DeliveryMode } from '@lantai/api';
import { maskIdNo, maskPhone } from './access.mask.ts';
import type { DecisionRow, DeliveryRow, ItemRow, RequestRow } from './access.repository.ts';

export const presentDelivery = (d: DeliveryRow, token: string | null, now = new Date()): AccessDelivery => ({
  id: d.id, mode: d.mode, expiresAt: d.expires_at.toISOString(), createdAt: d.created_at.toISOString(), createdBy: d.created_by,
  revoked: d.revoked_at !== null, expired: d.expires_at <= now, certificateNo: d.certificate_no,
  token: d.revoked_at === null && d.expires_at > now ? token : null, views: d.views, downloads: d.downloads,
});

/**
 * A request as `viewer` may see it. Personal data is always masked. A reader sees neither the records
 * picked at submission (their existence is not confirmed) nor the attached items before approval.
 */
export function presentRequest(r: RequestRow, parts: { items: ItemRow[]; decisions: DecisionRow[]; deliveries: AccessDelivery[]; readerUsername: string | null }, staff: boolean): AccessRequest {
  const showItems = staff || r.status === 'approved';
  return {
    id: r.id, number: r.number, channel: r.channel, status: r.status as AccessStatus, purpose: r.purpose as AccessPurpose, purposeDetail: r.purpose_detail, content: r.content,
    preferredMode: r.preferred_mode as DeliveryMode, applicantName: r.applicant_name, idType: r.id_type as AccessRequest['idType'],
    idNoMasked: maskIdNo(r.id_no), phoneMasked: maskPhone(r.phone), readerUsername: parts.readerUsername,
    steps: r.steps, currentStep: r.current_step,
    decisions: parts.decisions.map((d) => ({ stepIndex: d.step_index, stepKey: d.step_key, decision: d.decision, reason: d.reason, actor: d.actor, at: d.at.toISOString() })),
    requestedRecordIds: staff ? r.requested_record_ids : [],
    items: showItems ? parts.items.map((i) => ({ ...i, security: i.security as Clearance })) : [],
    deliveries: parts.deliveries,
    createdBy: r.created_by, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), decidedAt: r.decided_at?.toISOString() ?? null,
  };
}

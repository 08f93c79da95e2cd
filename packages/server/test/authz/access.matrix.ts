import { DEFAULT_FLOW } from '../../src/modules/access/access.settings.ts';
import { next, type Matrix } from './entry.ts';

/** 利用: readers file and follow their own requests; archivists run the queue; delivery links and the portal pair are public (token / tracking code). */
export default {
  'access.createRequest': { allow: ['archivist', 'reader'], body: () => ({ purpose: 'work', content: `矩阵 ${next()}`, applicant: { name: '矩阵', idType: 'other', idNo: 'X0000001' } }) },
  'access.listRequests': { allow: ['archivist', 'reader'] },
  'access.getRequest': { allow: ['archivist', 'reader'] },
  'access.withdrawRequest': { allow: ['archivist', 'reader'] },
  'access.setItems': { allow: ['archivist'], body: () => ({ recordIds: [] }) },
  'access.decide': { allow: ['archivist'], body: () => ({ decision: 'approve', stepIndex: 0 }) },
  'access.revealIdentity': { allow: ['archivist'] },
  'access.listEvents': { allow: ['archivist'] },
  'access.createDelivery': { allow: ['archivist'], body: () => ({ mode: 'view', days: 1 }) },
  'access.revokeDelivery': { allow: ['archivist'] },
  'access.certificate': { allow: ['archivist'] },
  'access.getFlow': { allow: ['archivist'] },
  'access.setFlow': { allow: ['archivist'], body: () => DEFAULT_FLOW },
  'access.stats': { allow: ['archivist'], query: { from: '2026-01-01', to: '2026-12-31' } },
  'access.statsExport': { allow: ['archivist'], query: { from: '2026-01-01', to: '2026-12-31' } },
  'access.publicSubmit': { allow: 'public' },
  'access.publicTrack': { allow: 'public' },
  'access.deliveryManifest': { allow: 'public' },
  'access.deliveryPage': { allow: 'public' },
  'access.deliveryDownload': { allow: 'public' },
} satisfies Matrix;

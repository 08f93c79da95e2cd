import { Tag } from 'antd';
import type { Clearance, Role } from '@lantai/api';
import { useI18n } from '../i18n/index.tsx';
import { CLEARANCE_COLORS, ROLE_COLORS, ROLES } from '../lib/roles.ts';

export function RoleTags({ roles }: { roles: readonly Role[] }) {
  const { t } = useI18n();
  if (roles.length === 0) return <span style={{ opacity: 0.5 }}>{t.common.none}</span>;
  const sorted = [...roles].sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b));
  return (
    <>
      {sorted.map((r) => (
        <Tag key={r} color={ROLE_COLORS[r]} data-testid={`role-tag-${r}`}>
          {t.roles[r]}
        </Tag>
      ))}
    </>
  );
}

export function ClearanceTag({ clearance }: { clearance: Clearance }) {
  const { t } = useI18n();
  return <Tag color={CLEARANCE_COLORS[clearance]}>{t.clearance[clearance]}</Tag>;
}

/** Fonds codes as tags; an empty list reads as `emptyMeans` says (see emptyFondsMeans). */
export function FondsScope({ scope, emptyMeans }: { scope: readonly string[]; emptyMeans: 'all' | 'none' | 'n/a' }) {
  const { t } = useI18n();
  if (scope.length === 0) {
    if (emptyMeans === 'all') return <span style={{ opacity: 0.65 }}>{t.home.allFonds}</span>;
    if (emptyMeans === 'none') return <span style={{ color: '#d46b08' }}>{t.home.noFonds}</span>;
    return <span style={{ opacity: 0.45 }}>—</span>;
  }
  return (
    <>
      {scope.map((f) => (
        <Tag key={f}>{f}</Tag>
      ))}
    </>
  );
}

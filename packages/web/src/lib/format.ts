import dayjs from 'dayjs';

/** A timestamp in the local time zone, or a dash. dayjs's locale follows the UI language. */
export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : iso;
}

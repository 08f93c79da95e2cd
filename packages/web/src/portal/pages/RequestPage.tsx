import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../lib/api.ts';
import { useT } from '../i18n.tsx';
import { portalApi } from '../portal.api.ts';
import { ErrorNote } from './ErrorNote.tsx';

const PURPOSES = ['marriage', 'education', 'employment', 'property', 'work', 'research', 'other'] as const;
const ID_TYPES = ['resident_id', 'passport', 'other'] as const;
const MODES = ['view', 'download', 'certified'] as const;

/** 网上查档: the access module's public submit; shows the request number and tracking code once accepted. */
export function RequestPage() {
  const { t } = useT();
  const [params] = useSearchParams();
  const recordIds = (params.get('records') ?? '').split(',').filter((x) => /^[0-9a-f-]{36}$/i.test(x)).slice(0, 50);
  const [form, setForm] = useState({ name: '', idType: 'resident_id', idNo: '', phone: '', purpose: 'marriage', purposeDetail: '', content: params.get('title') ?? '', preferredMode: 'view' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<{ number: string; trackingCode: string } | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setDone(await portalApi.submit({
        purpose: form.purpose, purposeDetail: form.purposeDetail, content: form.content, recordIds, preferredMode: form.preferredMode,
        applicant: { name: form.name, idType: form.idType, idNo: form.idNo, phone: form.phone },
      }));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'internal', String(err)));
    } finally {
      setBusy(false);
    }
  };
  if (done) {
    return (
      <section aria-labelledby="done-title" data-testid="portal-request-done">
        <h1 id="done-title">{t.request.done}</h1>
        <dl className="fields"><dt>{t.request.number}</dt><dd data-testid="request-number">{done.number}</dd><dt>{t.request.code}</dt><dd data-testid="request-code">{done.trackingCode}</dd></dl>
        <p className="note">{t.request.keep}</p>
        <p><Link className="button" to={`/track?number=${encodeURIComponent(done.number)}`}>{t.nav.track}</Link></p>
      </section>
    );
  }
  return (
    <section aria-labelledby="req-title">
      <h1 id="req-title">{t.request.title}</h1>
      <p>{t.request.intro}</p>
      <form className="form" onSubmit={submit} data-testid="portal-request-form">
        <div className="field"><label htmlFor="r-name">{t.request.name} <span aria-hidden="true">*</span></label><input id="r-name" required maxLength={100} autoComplete="name" value={form.name} onChange={set('name')} /></div>
        <div className="field"><label htmlFor="r-idtype">{t.request.idType}</label>
          <select id="r-idtype" value={form.idType} onChange={set('idType')}>{ID_TYPES.map((k) => <option key={k} value={k}>{t.request.idTypes[k]}</option>)}</select></div>
        <div className="field"><label htmlFor="r-idno">{t.request.idNo} <span aria-hidden="true">*</span></label><input id="r-idno" required minLength={4} maxLength={40} autoComplete="off" value={form.idNo} onChange={set('idNo')} /></div>
        <div className="field"><label htmlFor="r-phone">{t.request.phone}</label><input id="r-phone" type="tel" maxLength={30} autoComplete="tel" value={form.phone} onChange={set('phone')} /></div>
        <div className="field"><label htmlFor="r-purpose">{t.request.purpose}</label>
          <select id="r-purpose" value={form.purpose} onChange={set('purpose')}>{PURPOSES.map((k) => <option key={k} value={k}>{t.request.purposes[k]}</option>)}</select></div>
        <div className="field"><label htmlFor="r-detail">{t.request.purposeDetail}</label><input id="r-detail" maxLength={500} value={form.purposeDetail} onChange={set('purposeDetail')} /></div>
        <div className="field wide"><label htmlFor="r-content">{t.request.content} <span aria-hidden="true">*</span></label>
          <textarea id="r-content" required minLength={2} maxLength={2000} rows={4} aria-describedby="r-content-hint" value={form.content} onChange={set('content')} />
          <small id="r-content-hint">{t.request.contentHint}</small></div>
        {recordIds.length > 0 && <p className="wide">{t.request.records}：{recordIds.length}</p>}
        <fieldset className="wide"><legend>{t.request.mode}</legend>
          {MODES.map((k) => <label key={k} className="radio"><input type="radio" name="mode" value={k} checked={form.preferredMode === k} onChange={set('preferredMode')} /> {t.request.modes[k]}</label>)}
        </fieldset>
        {error && <div className="wide"><ErrorNote error={error.status === 404 ? new ApiError(503, 'unavailable', t.request.unavailable) : error} /></div>}
        <div className="wide"><button type="submit" className="primary" disabled={busy}>{busy ? t.request.submitting : t.request.submit}</button></div>
      </form>
    </section>
  );
}

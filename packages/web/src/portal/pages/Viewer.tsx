import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { PortalFile } from '@lantai/api';
import { useT } from '../i18n.tsx';
import { portalApi } from '../portal.api.ts';
import { useLoad } from '../useLoad.ts';

const ZOOMS = [0.5, 0.75, 1, 1.5, 2, 3];
interface Info { width: number; height: number; maxWidth: number }

/**
 * The viewer for opened images and PDFs: every page is a IIIF Image API image (PDF pages are rendered by the
 * server), shown at the width it needs (rounded to 256 px steps so the browser and proxies can cache), with
 * zoom, rotation and paging. The page scrolls with the keyboard (the frame is focusable) and by dragging.
 */
export function Viewer({ files }: { files: PortalFile[] }) {
  const { t } = useT();
  const [fileIdx, setFileIdx] = useState(0);
  const file = files[fileIdx]!;
  const pages = useLoad(() => portalApi.pages(file.id), [file.id]);
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState(2); // index into ZOOMS: 100 % = fit width
  const [rotation, setRotation] = useState(0);
  const [info, setInfo] = useState<Info | null>(null);
  const [failed, setFailed] = useState(false);
  const frame = useRef<HTMLDivElement>(null);
  const [frameWidth, setFrameWidth] = useState(800);
  useLayoutEffect(() => {
    const el = frame.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setFrameWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  useEffect(() => { setPage(1); setRotation(0); }, [file.id]);
  const infoUrl = pages.data?.iiif[page - 1];
  useEffect(() => {
    if (!infoUrl) return;
    let live = true;
    setInfo(null);
    setFailed(false);
    fetch(infoUrl).then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status))))).then((j: Info) => live && setInfo(j), () => live && setFailed(true));
    return () => { live = false; };
  }, [infoUrl]);

  const n = pages.data?.pages ?? 0;
  const sideways = rotation % 180 !== 0;
  const displayW = Math.round((frameWidth - 2) * ZOOMS[zoom]!);
  const natural = info ? (sideways ? info.height : info.width) : 0;
  const want = info ? Math.min(info.maxWidth, Math.ceil((displayW * (window.devicePixelRatio || 1) * (sideways ? info.width / info.height : 1)) / 256) * 256) : 0;
  const reqW = Math.max(64, Math.min(want, info?.width ?? want));
  const src = info ? `${info && infoUrl!.replace(/\/info\.json$/, '')}/full/${reqW},/${rotation}/default.jpg` : '';
  // Drag to pan.
  const drag = useRef<{ x: number; y: number; l: number; t: number } | null>(null);
  return (
    <section className="viewer" aria-label={t.viewer.label} data-testid="portal-viewer">
      {files.length > 1 && (
        <div className="file-tabs" role="tablist">
          {files.map((f, i) => (
            <button key={f.id} type="button" role="tab" aria-selected={i === fileIdx} onClick={() => setFileIdx(i)}>{f.filename}</button>
          ))}
        </div>
      )}
      <div className="toolbar" role="toolbar" aria-label={t.viewer.label}>
        <button type="button" onClick={() => setZoom((z) => Math.max(0, z - 1))} disabled={zoom === 0} aria-label={t.viewer.zoomOut}>－</button>
        <span aria-live="polite" className="zoom">{t.viewer.zoom(Math.round(ZOOMS[zoom]! * 100))}</span>
        <button type="button" onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))} disabled={zoom === ZOOMS.length - 1} aria-label={t.viewer.zoomIn} data-testid="viewer-zoom-in">＋</button>
        <button type="button" onClick={() => setZoom(2)}>{t.viewer.fit}</button>
        <button type="button" onClick={() => setRotation((r) => (r + 90) % 360)}>{t.viewer.rotate}</button>
        {n > 1 && <>
          <button type="button" onClick={() => setPage((p) => Math.max(1, p - 1))} disabled={page <= 1}>{t.viewer.prevPage}</button>
          <span aria-live="polite" data-testid="viewer-page">{t.viewer.page(page, n)}</span>
          <button type="button" onClick={() => setPage((p) => Math.min(n, p + 1))} disabled={page >= n} data-testid="viewer-next">{t.viewer.nextPage}</button>
        </>}
      </div>
      <div className="frame" ref={frame} tabIndex={0} role="region" aria-label={t.viewer.image(file.filename, page)}
        onPointerDown={(e) => { const el = frame.current!; drag.current = { x: e.clientX, y: e.clientY, l: el.scrollLeft, t: el.scrollTop }; }}
        onPointerMove={(e) => { const d = drag.current; if (!d || !e.buttons) return; const el = frame.current!; el.scrollLeft = d.l - (e.clientX - d.x); el.scrollTop = d.t - (e.clientY - d.y); }}
        onPointerUp={() => { drag.current = null; }}>
        {(pages.loading || (!info && !failed)) && <p className="note">{t.viewer.loading}</p>}
        {(failed || pages.error) && <p className="note error" role="alert">{t.viewer.failed}</p>}
        {info && natural > 0 && (
          <img src={src} alt={t.viewer.image(file.filename, page)} width={displayW} draggable={false} data-testid="viewer-image"
            style={{ aspectRatio: sideways ? `${info.height} / ${info.width}` : `${info.width} / ${info.height}` }} />
        )}
      </div>
    </section>
  );
}

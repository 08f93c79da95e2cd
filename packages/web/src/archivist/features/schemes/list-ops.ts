import type React from 'react';
/** Immutable list edits for the scheme editor's tables. */
export const replaceAt = <T>(xs: readonly T[], i: number, patch: Partial<T>): T[] => xs.map((x, j) => (j === i ? { ...x, ...patch } : x));
export const removeAt = <T>(xs: readonly T[], i: number): T[] => xs.filter((_, j) => j !== i);

/** Moves item `from` to position `to` (drag and drop, or ±1 for the arrow buttons); out of range does nothing. */
export function moveTo<T>(xs: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= xs.length || to >= xs.length) return [...xs];
  const out = [...xs];
  const [x] = out.splice(from, 1);
  out.splice(to, 0, x!);
  return out;
}

/**
 * Native drag and drop between table rows, started from a handle (so text in the row's inputs stays selectable):
 * spread `row(i)` onto a row (antd Table `onRow`) and `handle(i)` onto the handle. The index travels in dataTransfer.
 */
export function dragRows(onMove: (from: number, to: number) => void) {
  const KIND = 'text/x-lantai-row';
  return {
    row: (index: number) => ({
      onDragOver: (e: React.DragEvent) => e.preventDefault(),
      onDrop: (e: React.DragEvent) => {
        e.preventDefault();
        const from = Number(e.dataTransfer.getData(KIND));
        if (e.dataTransfer.getData(KIND) !== '' && Number.isInteger(from)) onMove(from, index);
      },
    }),
    handle: (index: number) => ({
      draggable: true,
      style: { cursor: 'grab' },
      onDragStart: (e: React.DragEvent) => e.dataTransfer.setData(KIND, String(index)),
    }),
  };
}

import type { zh } from './zh.ts';

/** The shape of a dictionary: zh.ts with every literal widened so other languages can fill it in. */
type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : { [K in keyof T]: Widen<T[K]> };

export type Dict = Widen<typeof zh>;
export type Lang = 'zh' | 'en';

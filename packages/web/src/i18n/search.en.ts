import type { searchZh } from './search.zh.ts';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : T[K] extends (...a: infer A) => string ? (...a: A) => string : Shape<T[K]> };

/** Full-text search in the workbench: the `search` section of en.ts. */
export const searchEn: Shape<typeof searchZh> = {
  title: 'Search',
  intro: 'Search the catalogue and the text of electronic files: words, "exact phrases", -exclusions, fields (title: subjects: responsible: docNumber: archivalCode: content:), pinyin and initials, traditional characters, 档号/文号 fragments.',
  placeholder: 'Search terms, e.g. 汾河 治理 批复, responsible:水务局, "会议纪要" -常务会议',
  sort: { relevance: 'Relevance', archivalCode: 'Reference code', date: 'Date' },
  total: (n: string, exact: boolean) => (exact ? `${n} records` : `about ${n} records`),
  sampled: 'Very many matches: ranking and facets come from a uniform sample; add words to narrow the search',
  took: (ms: number) => `${ms} ms`,
  empty: 'No records match',
  start: 'Type search terms, or browse with the facets on the left',
  more: 'Load more',
  facets: { fonds: 'Fonds', category: 'Category', year: 'Year', retention: 'Retention', security: 'Classification', openStatus: 'Open status', fileFormat: 'File format' },
  noFile: 'No files',
  clearFilters: 'Clear filters',
  snippetFields: { title: 'Title', subjects: 'Subjects', responsible: 'Responsible', docNumber: 'Doc. no.', archivalCode: 'Ref. code', content: 'Full text', other: 'Other' },
  understood: 'Searched for: ',
  excluded: 'Excluding: ',
  status: (docs: number, pending: number, lag: number) => `${docs} records indexed` + (pending ? `, ${pending} waiting (${lag} s behind)` : ', up to date'),
  reindex: 'Rebuild index',
  reindexConfirm: 'Rebuild the whole search index? It runs in the background; searching keeps working meanwhile.',
  reindexing: 'Rebuilding the index',
  preview: 'Record preview',
  files: 'Files',
  advanced: 'Advanced', yearRange: 'Years', from: 'from', to: 'to',
};

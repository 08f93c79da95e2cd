import type { openReviewZh } from './open-review.zh.ts';

type Widen<T> = T extends string ? string : T extends (...a: infer A) => string ? (...a: A) => string : { [K in keyof T]: Widen<T[K]> };
export const openReviewEn: Widen<typeof openReviewZh> = {
  title: 'Open review', intro: 'Records reaching their opening age (25 years from creation, or earlier by category rule) are pre-screened, reviewed (first review, transferring unit where set, second review), opened, and published in the open catalogue.',
  tabs: { queue: 'Review queue', terms: 'Sensitive terms', rules: 'Opening rules', notices: 'Notices' },
  scan: 'Find due records', scanned: (q: number, f: number) => `${q} queued, ${f} with pre-screen hits`, publish: 'Publish open catalogue', published: (b: string | null, n: number, w: number) => (b ? `Published ${b}: ${n}` : 'Nothing to publish') + (w ? `, ${w} withdrawn` : ''),
  exportXlsx: 'Export open catalogue (xlsx)', exportCsv: 'Export csv',
  stage: 'Stage', stages: { initial: 'First review', co_review: 'Transferring unit', final: 'Second review', decided: 'Decided' }, allStages: 'All stages',
  hits: 'Hits', anyHits: 'With hits', noHits: 'No hits', allHits: 'All',
  archivalCode: 'Reference code', recordTitle: 'Title', year: 'Year', dueYear: 'Due', decision: 'Decision', publishedAt: 'Published', unpublished: 'Not published',
  decisions: { open: 'Open', closed: 'Keep closed', redacted: 'Open with redaction' },
  decide: 'Decide', decideSelected: (n: number) => `Decide ${n} selected`, reason: 'Reason', reasonRequired: 'Give a reason (kept as evidence)',
  deferYears: 'Defer years', publicTitle: 'Title to publish', hideFiles: 'Publish the catalogue entry only', decided: (d: number, a: number) => `${d} decided, ${a} moved to the next stage`,
  detail: 'Review', fields: { title: 'Title', subjects: 'Subjects', remarks: 'Remarks', responsible: 'Creator', security: 'Classification', text: 'Full text' },
  hitKinds: { term: 'Sensitive term', id_card: 'ID number', mobile: 'Mobile number', landline: 'Landline', name_near_term: 'Name near a term', security: 'Classified' },
  noHitsText: 'The pre-screen found nothing sensitive.', opinions: 'Opinions', coReview: 'Transferring unit co-reviews',
  term: 'Term', category: 'Category', termCategories: { state_secret: 'State secret', personal: 'Personal data', political: 'Political', ethnic_religious: 'Ethnic/religious', commercial: 'Commercial', other: 'Other' },
  addTerm: 'Add', removeTerm: 'Remove', createdBy: 'Added by',
  fonds: 'Fonds', categoryName: 'Category', openAfter: 'Open after (years)', coReviewCol: 'Co-review', save: 'Save',
  notice: { title: 'Title', body: 'Body (plain text; blank line between paragraphs)', published: 'Published', create: 'New notice', edit: 'Edit notice', delete: 'Delete', updatedAt: 'Updated' },
};

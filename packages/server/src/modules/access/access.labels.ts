import type { AccessPurpose } from '@lantai/api';

/** Printed on certificates and in the xlsx export (the web has its own dictionaries). */
export const PURPOSE_LABELS: Record<AccessPurpose, string> = {
  marriage: '民生·婚姻登记', education: '民生·学籍', employment: '民生·工龄', property: '民生·不动产', work: '工作查考', research: '学术研究', other: '其他',
};

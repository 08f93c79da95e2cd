/** 业务系统归档（单套制 归档接口）: the `archiveApi` section of zh.ts. */
export const archiveApiZh = {
  title: '业务系统归档（接口）',
  intro: '业务系统通过 API 令牌（归档写入）调用 POST /api/archive 逐件归档：元数据与电子文件一次提交，同步进行归档环节四性检测，通过即入库并返回签名回执，未通过则退回并保留检测报告。',
  key: '幂等键', via: '来源', vias: { token: 'API 令牌', session: '工作台' }, createdBy: '提交人', fonds: '全宗 / 门类', archivalCode: '档号', title2: '题名',
  status: '状态', statuses: { checking: '检测中', accepted: '已归档', rejected: '已退回', failed: '出错' }, verdict: '结论', createdAt: '时间',
  report: '检测报告', pdf: 'PDF', run: '检测详情', empty: '尚无通过接口归档的档案',
};

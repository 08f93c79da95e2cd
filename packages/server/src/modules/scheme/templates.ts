import type { SchemeBody } from '@lantai/api';

/**
 * Ready-made 三合一 schemes. 文书 follows DA/T 22-2015 (件, 年度-保管期限-机构) and 国家档案局令第8号
 * (Art. 6 永久, Art. 7 定期); each archive edits the 归档范围 and approves its own version.
 */
export const WS_TEMPLATE: SchemeBody = {
  classOrder: ['year', 'retention', 'org'],
  orgs: [
    { code: 'BGS', name: '办公室' }, { code: 'RSK', name: '人事科' }, { code: 'CWK', name: '财务科' },
    { code: 'YWK', name: '业务科' }, { code: 'DWB', name: '党委办公室' },
  ],
  retentions: ['Y', 'D30', 'D10'],
  scope: [
    { code: '1.1', title: '本机关制定的法规政策性文件', examples: ['规定', '办法', '实施细则'], retention: 'Y', archivable: true },
    { code: '1.2', title: '本机关召开重要会议、举办重大活动等形成的主要文件', examples: ['会议纪要', '领导讲话', '活动方案'], retention: 'Y', archivable: true },
    { code: '1.3', title: '本机关职能活动中形成的重要业务文件', examples: ['业务报告', '重要批复'], retention: 'Y', archivable: true },
    { code: '1.4', title: '本机关关于重要问题的请示与上级机关的批复、批示，重要的报告、总结、综合统计报表', examples: ['年度工作总结', '统计年报'], retention: 'Y', archivable: true },
    { code: '1.5', title: '本机关机构演变、人事任免等文件', examples: ['机构设置通知', '任免通知'], retention: 'Y', archivable: true },
    { code: '1.6', title: '本机关房屋买卖、土地征用，重要的合同协议、资产登记等凭证性文件', examples: ['土地证', '房产合同'], retention: 'Y', archivable: true },
    { code: '2.1', title: '本机关一般性业务文件', examples: ['一般性工作通知'], retention: 'D30', archivable: true },
    { code: '2.2', title: '本机关召开一般性会议、举办一般性活动形成的文件', examples: ['会议通知', '签到表'], retention: 'D30', archivable: true },
    { code: '2.3', title: '本机关人事管理工作形成的一般性文件', examples: ['培训通知'], retention: 'D30', archivable: true },
    { code: '2.4', title: '本机关一般性事务管理文件', examples: ['后勤管理通知'], retention: 'D10', archivable: true },
    { code: '2.5', title: '本机关关于一般性问题的请示与批复、一般性报告、总结、统计报表', examples: ['季度报表'], retention: 'D10', archivable: true },
    { code: '2.6', title: '上级机关制发的属于本机关主管业务的一般性文件', examples: ['转发通知'], retention: 'D10', archivable: true },
    { code: '9.1', title: '上级机关普发的不需本机关办理的文件（不归档）', examples: ['普发通知'], retention: 'D10', archivable: false },
    { code: '9.2', title: '本机关文件的重份文件、一般性文件的修改稿和校对稿（不归档）', examples: ['重份', '校对稿'], retention: 'D10', archivable: false },
  ],
  codeRule: [
    { field: 'fonds', connector: '', pad: 0, optional: false },
    { field: 'category', connector: '-', pad: 0, optional: false },
    { field: 'year', connector: '·', pad: 0, optional: false },
    { field: 'retention', connector: '-', pad: 0, optional: false },
    { field: 'org', connector: '-', pad: 0, optional: true },
    { field: 'itemNo', connector: '-', pad: 4, optional: false },
  ],
};

/**
 * 会计 by 卷 (会计档案管理办法 2015: 永久 / 定期 30 年 / 定期 10 年): 全宗号-KJ-年度-保管期限-案卷号,
 * with 件 inside a 卷 numbered 案卷档号-件号.
 */
export const KJ_TEMPLATE: SchemeBody = {
  classOrder: ['year', 'retention'],
  orgs: [],
  retentions: ['Y', 'D30', 'D10'],
  scope: [
    { code: 'PZ', title: '会计凭证（原始凭证、记账凭证）', examples: ['记账凭证'], retention: 'D30', archivable: true },
    { code: 'ZB1', title: '会计账簿（总账、明细账、日记账、其他辅助性账簿）', examples: ['总账', '现金日记账'], retention: 'D30', archivable: true },
    { code: 'ZB2', title: '固定资产卡片', examples: [], retention: 'D10', archivable: true },
    { code: 'BG1', title: '年度财务会计报告', examples: ['年度决算报告'], retention: 'Y', archivable: true },
    { code: 'BG2', title: '月度、季度、半年度财务会计报告', examples: [], retention: 'D10', archivable: true },
    { code: 'QT1', title: '银行存款余额调节表、银行对账单、纳税申报表', examples: [], retention: 'D10', archivable: true },
    { code: 'QT2', title: '会计档案移交清册', examples: [], retention: 'D30', archivable: true },
    { code: 'QT3', title: '会计档案保管清册、销毁清册、鉴定意见书', examples: [], retention: 'Y', archivable: true },
  ],
  codeRule: [
    { field: 'fonds', connector: '', pad: 0, optional: false },
    { field: 'category', connector: '-', pad: 0, optional: false },
    { field: 'year', connector: '-', pad: 0, optional: false },
    { field: 'retention', connector: '-', pad: 0, optional: false },
    { field: 'volumeNo', connector: '-', pad: 3, optional: false },
  ],
};

export const TEMPLATES = {
  WS: { code: 'WS', name: '文书', mode: 'item' as const, body: WS_TEMPLATE },
  KJ: { code: 'KJ', name: '会计', mode: 'volume' as const, body: KJ_TEMPLATE },
};

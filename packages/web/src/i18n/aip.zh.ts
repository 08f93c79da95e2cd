/** 档案信息包（AIP）panel of the record drawer. */
export const aipZh = {
  tab: '长期保存',
  intro: '归档后系统将档案及其电子文件、保存版本、DA/T 46 元数据、METS/PREMIS 保存描述封装为 BagIt 信息包（AIP）；元数据或文件变化后生成新版本，旧版本保留。',
  draftNote: '草稿状态的档案尚无信息包，归档后自动生成。',
  build: '生成新版本', building: '正在生成…', built: (v: number) => `已生成第 ${v} 版`, unchanged: '内容未变化，无需生成新版本',
  versions: '信息包版本', version: '版本', createdAt: '生成时间', size: '大小', files: '文件数', digest: '校验值', origin: '来源', download: '下载',
  origins: { built: '本馆生成', imported: '他馆导入' } as Record<string, string>,
  none: '尚无信息包',
  events: '保存事件（PREMIS）', eventAt: '时间', eventType: '事件', outcome: '结果', agent: '执行者', detail: '说明', noEvents: '暂无事件',
  eventTypes: {
    'information package creation': '生成信息包', migration: '格式迁移（保存版本）', ingestion: '接收', 'fixity check': '固定性检查', replication: '复制',
    repair: '修复', validation: '验证', 'virus check': '病毒检查', 'message digest calculation': '计算摘要', 'format identification': '格式识别',
  } as Record<string, string>,
  outcomes: { pass: '成功', fail: '失败', warning: '警告' } as Record<string, string>,
};

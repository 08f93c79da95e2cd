/** 档案管理 (catalogue browsing and editing): the `catalogue` section of zh.ts. */
export const catalogueZh = {
  title: '档案管理',
  retention: { Y: '永久', D30: '定期30年', D10: '定期10年', C: '长期', D: '短期' },
  openStatus: { unreviewed: '未审', open: '开放', controlled: '控制使用', deferred: '延期开放' },
  status: { draft: '草稿', archived: '已归档' },
  kind: { item: '件', volume: '卷' },
  mode: { item: '按件', volume: '按卷' },
  yearLabel: (y: number) => `${y} 年`,
  categoryLabel: (name: string, code: string, mode: string) => `${name}（${code} · ${mode}）`,
  fields: {
    archivalCode: '档号', title: '题名', responsible: '责任者', docNumber: '文号', docDate: '日期', year: '年度', retention: '保管期限',
    orgCode: '机构(问题)', catalogueNo: '目录号', security: '密级', secrecyPeriod: '保密期限', pages: '页数', openStatus: '开放状态',
    remarks: '备注', subjects: '主题词', scopeCode: '归档范围', status: '状态', kind: '类型', updatedAt: '修改时间', createdBy: '著录人',
    fileCount: '电子文件', archivedAt: '归档时间', createdAt: '著录时间', category: '门类',
  },
  tree: {
    title: '全宗与分类', empty: '暂无可访问的全宗', noCategories: '暂无门类', noOrg: '（无机构）', count: (n: number) => `${n}`,
    hint: '选择左侧的全宗、门类或类目查看档案', all: '全部档案',
  },
  table: {
    search: '题名、档号、文号或责任者', columns: '显示列', columnsReset: '恢复默认', selected: (n: number) => `已选 ${n} 条`,
    clearSelection: '取消选择', any: '全部', empty: '没有符合条件的档案', totalMore: (n: number) => `超过 ${n.toLocaleString()} 条`,
  },
  actions: {
    create: '著录', createVolume: '新建案卷', createInVolume: '在卷内新增件', batchEdit: '批量修改', archive: '归档', export: '导出',
    exportXlsx: '导出 Excel', exportCsv: '导出 CSV', print: '打印目录', renumber: '重新编号', open: '查看', delete: '删除',
    needCategory: '请先在左侧选择一个门类', needVolume: '请先选中一个案卷', needClass: '请先在左侧选择年度与保管期限', needLowestClass: '请先在左侧选择最末一级类目',
  },
  archive: {
    confirm: (n: number) => `确定将 ${n} 条档案归档？归档后档号固定，分类项不能再修改。`, done: (n: number) => `已归档 ${n} 条`,
    onlyDrafts: '所选档案均已归档',
  },
  batch: {
    title: (n: number) => `批量修改（${n} 条）`, hint: '只修改勾选的著录项；其余著录项保持不变。每条档案都会记入修改历史。',
    done: (n: number) => `已修改 ${n} 条`, nothing: '请至少勾选一项要修改的著录项',
  },
  renumber: {
    title: '重新编号', confirm: (cls: string) => `对类目「${cls}」中的草稿重新编号？`,
    explain: '重新编号将消除该类目草稿件号中的空号：已归档档案的档号保持不变，草稿依现有顺序排在其后。每个改动都会记入审计日志。',
    done: (n: number) => (n ? `已重新编号，${n} 条档号发生变化` : '编号已连续，无需更改'),
  },
  print: {
    title: '打印目录', intro: (cls: string) => `类目：${cls}`, catalogue: '归档文件目录', spines: '档案盒盒脊', reference: '备考表',
    perBox: '每盒件数', startBox: '起始盒号', spineWidth: '盒脊宽度（毫米）', status: '范围', statusAll: '全部', open: '打开 PDF',
  },
  drawer: {
    newItem: '著录新档案', newVolume: '新建案卷', newInVolume: (code: string) => `在卷 ${code} 内新增件`, edit: '编辑著录',
    tabForm: '著录项', tabFiles: '电子文件', tabHistory: '修改历史', tabItems: '卷内文件',
    codeAssigned: '档号由系统在保存时分配', frozen: '已归档：档号已固定，年度、保管期限、机构等分类项不可修改。',
    created: (code: string) => `已保存，档号 ${code}`, saved: '已保存', staleTitle: '此档案已被他人修改',
    reload: '重新加载', reloaded: '已重新加载最新版本', extra: '门类扩展字段', close: '关闭',
    issuesTitle: '以下著录项需要修改：', deleteConfirm: '确定删除此草稿？', deleted: '草稿已删除', parent: '所属案卷',
  },
  form: {
    required: '请填写此项', datePlaceholder: 'YYYYMMDD', subjectsPlaceholder: '输入主题词后回车', scopePlaceholder: '选择后自动设定保管期限',
    scopeSetsRetention: (r: string) => `已按归档范围设定保管期限：${r}`, notArchivable: '（不归档）', pagesUnit: '页',
  },
  files: {
    upload: '上传电子文件', empty: '暂无电子文件', filename: '文件名', size: '大小', mime: '类型', digest: '校验值', createdAt: '上传时间',
    download: '下载', view: '在线查看', delete: '删除', deleteConfirm: (n: string) => `确定删除电子文件 ${n}？`, uploaded: (n: string) => `已上传 ${n}`,
    deleted: '已删除', archivedNoDelete: '已归档档案的电子文件不能删除', role: '用途',
    roles: { original: '原件', preservation: '长期保存版', access: '利用版' },
  },
  history: {
    empty: '暂无修改记录', version: '版本', action: '操作', actor: '操作人', at: '时间', changes: '变更内容', first: '初始著录',
    noChange: '无著录项变化',
    actions: { create: '著录', update: '修改', reclassify: '重新分类', archive: '归档', batch: '批量修改', renumber: '重新编号', import: '导入' } as Record<string, string>,
  },
  items: { empty: '卷内暂无文件', add: '新增卷内件' },
};

import { transferZh } from './transfer.zh.ts';
import { fondsZh, importsZh, schemeZh } from './archive.zh.ts';
import { ingestZh } from './ingest.zh.ts';
import { archiveApiZh } from './archive-api.zh.ts';
import { aipZh } from './aip.zh.ts';
import { catalogueZh } from './catalogue.zh.ts';
import { openReviewZh } from './open-review.zh.ts';
import { accessZh } from './access.zh.ts';
import { searchZh } from './search.zh.ts';
import { preservationZh } from './preservation.zh.ts';
/** 简体中文 (default). Every UI string lives here; en.ts mirrors the same shape. */
export const zh = {
  app: { name: '兰台', title: '兰台 档案工作台', subtitle: '数字档案管理系统' },
  common: {
    ok: '确定', cancel: '取消', save: '保存', create: '新建', search: '查询', reset: '重置', refresh: '刷新',
    actions: '操作', yes: '是', no: '否', none: '无', loading: '加载中…', copy: '复制', copied: '已复制',
    requestId: '请求编号', networkError: '无法连接服务器，请检查网络', unknownError: '发生未知错误', total: (n: number) => `共 ${n} 条`,
  },
  lang: { switchTo: 'English', label: '中文' },
  nav: { home: '首页', users: '用户管理', grants: '授权管理', audit: '审计日志', tokens: 'API 令牌', jobs: '后台任务', catalogue: '档案管理', fonds: '全宗管理', schemes: '分类方案', import: '目录导入', ingest: '归档接收', transfer: '移交接收', openReview: '开放审核', accessMine: '我的查档', accessQueue: '查档利用', accessStats: '利用统计', search: '全文检索', preservation: '长期保存', account: '我的账号', logout: '退出登录' },
  roles: { sysadmin: '系统管理员', secadmin: '安全保密管理员', auditor: '安全审计员', archivist: '档案管理员', records_officer: '立档单位档案员', reader: '利用者' },
  clearance: { public: '公开', internal: '内部', mimi: '秘密', jimi: '机密', juemi: '绝密' },
  login: {
    title: '登录档案工作台', username: '用户名', password: '密码', submit: '登录',
    usernameRequired: '请输入用户名', passwordRequired: '请输入密码',
  },
  home: {
    welcome: (name: string) => `欢迎，${name}`, yourRoles: '您的角色', noRoles: '尚未分配角色，请联系安全保密管理员授权',
    clearance: '密级', fondsScope: '全宗范围', allFonds: '全部全宗', noFonds: '无（未授予任何全宗）', quickLinks: '常用功能', version: '服务版本',
  },
  account: {
    profile: '账号信息', username: '用户名', displayName: '姓名', roles: '角色', clearance: '密级', fondsScope: '全宗范围',
    createdAt: '创建时间', changePassword: '修改密码', currentPassword: '当前密码', newPassword: '新密码', confirmPassword: '确认新密码',
    passwordHint: '至少 10 位，包含字母和数字', mismatch: '两次输入的新密码不一致', required: '请填写此项', changed: '密码已修改',
    mustChangeTitle: '请先修改初始密码', mustChangeText: '为保障账号安全，首次登录或密码被重置后须设置新密码，然后才能使用系统。',
  },
  users: {
    title: '用户管理', create: '新建用户', username: '用户名', displayName: '姓名', password: '初始密码', roles: '角色',
    clearance: '密级', status: '状态', createdAt: '创建时间', active: '正常', disabled: '已停用', locked: '已锁定',
    mustChange: '待改密', disable: '停用', enable: '启用', unlock: '解锁', confirmDisable: (u: string) => `确定停用账号 ${u}？`,
    created: '用户已创建', updated: '已更新', unlocked: '已解锁', usernameRule: '2–64 位字母、数字或 _ . @ -',
    createHint: '新用户首次登录须修改密码；角色与密级由安全保密管理员授予。',
  },
  grants: {
    title: '授权管理', intro: '为账号授予角色、密级与全宗范围。三员分立：系统管理员、安全保密管理员、安全审计员不能由同一账号兼任。',
    edit: '授权', editTitle: (u: string) => `授权：${u}`, roles: '角色', clearance: '密级', fondsScope: '全宗范围',
    fondsPlaceholder: '输入全宗号后回车',
    fondsHint: '立档单位档案员只能访问所列全宗（留空则无任何全宗）；档案管理员不受全宗范围限制。', saved: '授权已保存', user: '用户', adminRole: '三员',
  },
  tokens: {
    title: 'API 令牌', intro: '供移交、归档等系统集成使用。令牌密钥只在创建时显示一次。', create: '新建令牌', name: '名称',
    prefix: '前缀', scopes: '权限范围', fondsScope: '全宗范围', expiresInDays: '有效天数', expiresHint: '留空表示不过期', fondsHint: '留空表示与本人的全宗范围相同；不能超出本人范围。',
    createdAt: '创建时间', expiresAt: '过期时间', lastUsedAt: '最近使用', status: '状态', active: '有效', revoked: '已撤销',
    expired: '已过期', never: '从不', revoke: '撤销', confirmRevoke: (n: string) => `确定撤销令牌 ${n}？撤销后无法恢复。`,
    revokedOk: '令牌已撤销', secretTitle: (name: string) => `令牌已创建：${name}`, secretWarning: '请立即复制并妥善保存此密钥，关闭后将无法再次查看。',
    scopeLabels: { 'archive:write': '归档写入', 'catalogue:read': '目录读取', 'catalogue:write': '目录写入', 'transfer:write': '移交写入' },
  },
  audit: {
    title: '审计日志', action: '操作', actor: '操作人', outcome: '结果', at: '时间', seq: '序号', target: '对象', ip: 'IP 地址',
    anyOutcome: '全部结果', outcomes: { success: '成功', denied: '拒绝', failure: '失败' }, verify: '校验',
    verifyJob: '后台校验', verifyJobStarted: '已提交后台校验任务，可在“后台任务”查看进度',
    verifyOk: (n: number) => `审计链完整，已校验 ${n} 条`,
    verifyBad: (seq: number, reason: string) => `审计链校验失败：第 ${seq} 条记录 — ${reason}`,
    reasons: { missing_row: '记录缺失', prev_hash_mismatch: '前序哈希不符', hash_mismatch: '哈希值不符', sequence_gap: '序号不连续' },
    detail: '详情', system: '系统',
  },
  jobs: {
    title: '后台任务', name: '任务', state: '状态', progress: '进度', message: '信息', createdAt: '创建时间',
    startedAt: '开始时间', completedAt: '完成时间', anyState: '全部状态', autoRefresh: '任务进行中，每 2 秒自动刷新', empty: '暂无任务',
    states: { created: '排队中', retry: '重试中', active: '进行中', completed: '已完成', cancelled: '已取消', failed: '失败' },
  },
  catalogue: catalogueZh,
  aip: aipZh,
  openReview: openReviewZh,
  access: accessZh,
  search: searchZh,
  preservation: preservationZh,
  fonds: fondsZh,
  scheme: schemeZh,
  imports: importsZh,
  ingest: ingestZh,
  transfer: transferZh,
  archiveApi: archiveApiZh,
  notFound: '页面不存在',
};

import { z } from 'zod';

/**
 * The stable error codes of the API, each with its zh-CN and English message.
 * Codes never change meaning once shipped; add new ones instead.
 */
export const ERROR_MESSAGES = {
  validation_failed: { zh: '请求参数不合法', en: 'The request is not valid' },
  malformed_json: { zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  body_too_large: { zh: '请求体过大', en: 'The request body is too large' },
  unsupported_media_type: { zh: '不支持的内容类型', en: 'Unsupported content type' },
  not_found: { zh: '资源不存在', en: 'Not found' },
  search_reindex_running: { zh: '检索索引正在重建，请等待当前任务完成', en: 'The search index is already being rebuilt; wait for that job to finish' },
  route_not_found: { zh: '接口不存在', en: 'No such API route' },
  unauthenticated: { zh: '请先登录', en: 'Sign in first' },
  session_expired: { zh: '会话已过期，请重新登录', en: 'The session has expired; sign in again' },
  invalid_credentials: { zh: '用户名或密码错误', en: 'Wrong user name or password' },
  account_locked: { zh: '登录失败次数过多，账号已临时锁定', en: 'Too many failed sign-ins; the account is locked for a while' },
  account_disabled: { zh: '账号已停用', en: 'The account is disabled' },
  csrf_failed: { zh: '缺少或错误的 CSRF 令牌', en: 'Missing or wrong CSRF token' },
  forbidden: { zh: '无权执行此操作', en: 'You are not allowed to do this' },
  token_scope: { zh: 'API 令牌缺少所需权限范围', en: 'The API token lacks the required scope' },
  token_invalid: { zh: 'API 令牌无效或已撤销', en: 'The API token is invalid or revoked' },
  role_conflict: { zh: '三员分立：同一账号不能兼任两个管理员角色', en: 'Separation of duties: one account cannot hold two of the three admin roles' },
  conflict: { zh: '数据已被修改或已存在', en: 'Conflict with existing data' },
  username_taken: { zh: '用户名已存在', en: 'The user name is taken' },
  weak_password: { zh: '密码强度不足：至少 10 位，包含字母和数字', en: 'Password too weak: at least 10 characters with letters and digits' },
  wrong_password: { zh: '当前密码错误', en: 'The current password is wrong' },
  rate_limited: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  storage_digest_mismatch: { zh: '文件校验值不符', en: 'The file digest does not match' },
  storage_not_found: { zh: '存储对象不存在', en: 'The stored object does not exist' },
  fonds_code_taken: { zh: '全宗号已存在', en: 'The fonds code is taken' },
  category_code_taken: { zh: '该全宗下已有此门类代码', en: 'This fonds already has that category code' },
  stale_version: { zh: '数据已被他人修改，请刷新后重试', en: 'Someone else changed this; reload and try again' },
  duplicate_code: { zh: '档号重复', en: 'Duplicate archival code (档号)' },
  code_frozen: { zh: '已归档的档案不能更改档号构成项', en: 'An archived record keeps its 档号: its class fields cannot change' },
  record_archived: { zh: '已归档的档案不能删除或重新编号', en: 'An archived record cannot be deleted or renumbered' },
  no_approved_scheme: { zh: '该门类没有已批准的分类方案', en: 'This category has no approved scheme' },
  scheme_not_draft: { zh: '只有草稿状态的方案可以修改或批准', en: 'Only a draft scheme can be edited or approved' },
  draft_exists: { zh: '该门类已有一个草稿方案', en: 'This category already has a draft scheme' },
  approver_is_author: { zh: '方案须由起草人以外的人批准', en: 'A scheme must be approved by someone other than its author' },
  record_invalid: { zh: '著录项不符合分类方案', en: 'The record does not fit the scheme' },
  import_state: { zh: '导入任务当前状态不允许此操作', en: 'The import is not in a state that allows this' },
  import_has_errors: { zh: '导入数据仍有错误，请修正后重新校验', en: 'The import still has errors; fix them and validate again' },
  ingest_upload_state: { zh: '上传任务当前状态不允许此操作', en: 'The upload is not in a state that allows this' },
  ingest_offset_mismatch: { zh: '分块的起始位置与已接收字节数不符', en: 'The chunk does not start where the upload stands' },
  ingest_size_mismatch: { zh: '上传的字节数与声明的大小不符', en: 'The uploaded bytes do not add up to the declared size' },
  ingest_digest_mismatch: { zh: '上传文件的 SHA-256 与声明值不符', en: 'The upload does not hash to the declared SHA-256' },
  ingest_idempotency_conflict: { zh: '该幂等键已用于另一个不同的请求', en: 'This idempotency key was already used for a different request' },
  ingest_run_state: { zh: '检测任务当前状态不允许此操作', en: 'The check run is not in a state that allows this' },
  ingest_verdict_fail: { zh: '检测未通过的信息包不能接收', en: 'A package that failed its checks cannot be accepted' },
  unsupported_file: { zh: '不支持的文件格式，请上传 xlsx 或 csv 文件', en: 'Unsupported file; upload an xlsx or csv file' },
  access_state: { zh: '利用申请当前状态不允许此操作', en: 'The access request is not in a state that allows this' },
  access_stale_step: { zh: '审批环节已变化，请刷新后重试', en: 'The approval step has moved on; reload and try again' },
  access_not_approver: { zh: '您不是此审批环节的审批人', en: 'You are not an approver of this step' },
  access_same_approver: { zh: '同一人不能审批同一申请的两个环节', en: 'One person cannot decide two steps of the same request' },
  access_clearance: { zh: '审批人的密级权限低于所申请档案的密级', en: 'The approver\'s clearance is below the records\' 密级' },
  access_no_items: { zh: '请先为申请关联档案', en: 'Attach records to the request first' },
  access_reason_required: { zh: '不予批准须填写理由', en: 'A rejection needs a reason' },
  access_applicant_required: { zh: '窗口登记须填写申请人信息', en: 'A walk-in request needs the applicant\'s details' },
  delivery_token_invalid: { zh: '利用链接无效', en: 'The delivery link is not valid' },
  delivery_expired: { zh: '利用链接已过期', en: 'The delivery link has expired' },
  delivery_revoked: { zh: '利用链接已撤销', en: 'The delivery link was revoked' },
  delivery_mode: { zh: '此利用方式不允许该操作（如仅可在线查看）', en: 'This delivery does not allow that (e.g. view only)' },
  delivery_unsupported_file: { zh: '该电子文件格式无法生成利用副本', en: 'No access copy can be made of this file format' },
  open_review_stage: { zh: '当前审核阶段不允许此操作（复审须由初审以外的人进行）', en: 'Not allowed at this review stage (复审 needs someone other than the 初审 reviewer)' },
  open_review_classified: { zh: '涉密档案须先解密才能开放', en: 'A classified record must be declassified before it can be opened' },
  open_review_redaction: { zh: '删节开放须填写公布的题名', en: 'Opening with redaction needs the title to publish' },
  term_taken: { zh: '该敏感词已存在', en: 'That sensitive term already exists' },
  iiif_bad_request: { zh: 'IIIF 图像请求参数不合法', en: 'The IIIF image request is not valid' },
  aip_invalid_bag: { zh: '信息包不是有效的 BagIt 包（见 issues）', en: 'The package is not a valid BagIt bag (see issues)' },
  aip_not_lantai: { zh: '信息包缺少兰台档案元数据（data/metadata/lantai-record.json）', en: 'The package lacks Lantai record metadata (data/metadata/lantai-record.json)' },
  aip_record_exists: { zh: '本馆已有该档号或该档案，不能重复导入', en: 'This archive already holds that record or 档号; it cannot be imported again' },
  aip_unsupported_package: { zh: '不支持的信息包格式，请上传 tar 格式的 AIP', en: 'Unsupported package; upload an AIP as a tar file' },
  preservation_location_exists: { zh: '已有同名（同标识）的存储位置', en: 'A storage location with that id already exists' },
  preservation_location_unreachable: { zh: '存储位置不可访问或不可写', en: 'The storage location cannot be reached or written' },
  preservation_location_primary: { zh: '主存储的位置由系统配置决定，不能在此修改', en: 'The primary store is set by the system configuration and cannot be changed here' },
  preservation_incident_state: { zh: '该事件单当前状态不允许此操作', en: 'The incident is not in a state that allows this' },
  internal: { zh: '服务器内部错误', en: 'Internal error' },
  unavailable: { zh: '服务暂不可用', en: 'Service unavailable' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** The body of every error response. */
export const ErrorBody = z
  .object({
    code: z.string().describe('Stable machine-readable error code'),
    message: z.string().describe('Human message in the language asked for (zh-CN default)'),
    requestId: z.string(),
    issues: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('Field-level problems for validation errors'),
  })
  .meta({ id: 'ErrorBody' });
export type ErrorBody = z.infer<typeof ErrorBody>;

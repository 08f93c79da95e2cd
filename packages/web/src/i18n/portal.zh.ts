/** 公共档案门户 (portal.html), 简体中文. portal.en.ts mirrors the shape. */
export const portalZh = {
  site: { name: '兰台 公共档案目录', short: '兰台', tagline: '已开放档案的检索与网上查档', skip: '跳到主要内容', footer: '本站仅公布经开放审核并已公布的档案目录。', langSwitch: 'English', langName: '中文' },
  nav: { search: '档案检索', notices: '通知公告', request: '网上查档', track: '进度查询', label: '主导航' },
  search: {
    title: '检索已开放档案', label: '检索词', placeholder: '题名、档号、文号或责任者', submit: '检索', year: '年度', anyYear: '全部年度', fonds: '全宗', anyFonds: '全部全宗',
    results: (n: number) => `共找到 ${n} 条`, none: '没有找到符合条件的已开放档案。', prev: '上一页', next: '下一页', page: (p: number, n: number) => `第 ${p} / ${n} 页`,
    redacted: '删节开放', files: (n: number) => `${n} 个文件`, noFiles: '仅目录',
  },
  record: {
    back: '返回检索结果', archivalCode: '档号', fonds: '全宗', category: '门类', year: '年度', date: '日期', docNumber: '文号', responsible: '责任者', pages: '页数',
    publishedAt: '公布日期', redactedNote: '本条档案为删节开放，部分内容未予公布。', files: '档案原文', noFiles: '本条档案仅公布目录，原文请通过网上查档申请利用。',
    request: '申请利用本档案', notFound: '未找到该档案', notFoundText: '档案不存在，或尚未开放。',
  },
  viewer: {
    label: '档案影像查看器', zoomIn: '放大', zoomOut: '缩小', fit: '适合宽度', rotate: '旋转 90°', prevPage: '上一页', nextPage: '下一页', page: (p: number, n: number) => `第 ${p} 页，共 ${n} 页`,
    loading: '正在加载影像…', failed: '影像加载失败', image: (name: string, p: number) => `${name} 第 ${p} 页影像`, zoom: (z: number) => `缩放 ${z}%`,
  },
  notices: { title: '通知公告', none: '暂无通知公告。', updated: '发布时间', back: '返回通知公告', notFound: '未找到该通知' },
  request: {
    title: '网上查档申请', intro: '请如实填写申请信息。提交后将获得申请编号与查询码，请妥善保存，用于查询办理进度。',
    name: '姓名', idType: '证件类型', idNo: '证件号码', phone: '联系电话', purpose: '利用目的', purposeDetail: '目的说明', content: '查档内容', contentHint: '请写明要查找的人员姓名、年代、单位等',
    records: '已选档案', mode: '利用方式', submit: '提交申请', submitting: '正在提交…', done: '申请已提交', number: '申请编号', code: '查询码', keep: '请记下申请编号和查询码，凭此查询进度。',
    required: '此项必填', idTypes: { resident_id: '居民身份证', passport: '护照', other: '其他证件' },
    purposes: { marriage: '婚姻登记', education: '学籍学历', employment: '工龄社保', property: '不动产', work: '工作查考', research: '学术研究', other: '其他' },
    modes: { view: '在线查看', download: '在线下载', certified: '出具证明' },
    unavailable: '网上查档暂不可用，请稍后再试或到馆办理。',
  },
  track: {
    title: '查询办理进度', number: '申请编号', code: '查询码', submit: '查询', status: '办理状态', steps: '办理环节', reason: '说明', created: '申请时间', decided: '办结时间',
    statuses: { reviewing: '审核中', approved: '已批准', rejected: '不予批准', withdrawn: '已撤回' }, done: '已完成', pending: '待办理', deliveries: '交付', expires: '有效期至', expired: '已过期',
    open: '查看档案', notFound: '未找到该申请，请核对申请编号和查询码。',
  },
  error: { generic: '出错了，请稍后再试。', network: '无法连接服务器，请检查网络。', rate: '请求过于频繁，请稍后再试。' },
};

// Synthetic archival catalogue for the search bench: realistic Chinese titles from templates (generated, not copied).
// Deterministic (seeded), so runs are comparable.

export const FONDS = [
  ['J001', '晋阳省人民政府办公厅'], ['J002', '晋阳省发展和改革委员会'], ['J003', '晋阳省教育厅'], ['J004', '晋阳省财政厅'], ['J005', '晋阳省人力资源和社会保障厅'],
  ['J006', '晋阳省自然资源厅'], ['J007', '晋阳省生态环境厅'], ['J008', '晋阳省住房和城乡建设厅'], ['J009', '晋阳省交通运输厅'], ['J010', '晋阳省水利厅'],
  ['J011', '晋阳省农业农村厅'], ['J012', '晋阳省商务厅'], ['J013', '晋阳省文化和旅游厅'], ['J014', '晋阳省卫生健康委员会'], ['J015', '晋阳省应急管理厅'],
  ['J016', '晋阳省审计厅'], ['J017', '晋阳省统计局'], ['J018', '晋阳省档案局'], ['J019', '晋阳省民政厅'], ['J020', '晋阳省煤炭工业厅'],
] as const;
const CITIES = ['太原市', '大同市', '阳泉市', '长治市', '晋城市', '朔州市', '晋中市', '运城市', '忻州市', '临汾市', '吕梁市'];
const COUNTIES = ['清徐县', '阳曲县', '娄烦县', '古交市', '平遥县', '介休市', '灵石县', '寿阳县', '昔阳县', '左权县', '和顺县', '榆社县', '太谷区', '祁县', '汾阳市',
  '孝义市', '文水县', '交城县', '兴县', '临县', '柳林县', '石楼县', '岚县', '方山县', '中阳县', '交口县', '永济市', '河津市', '闻喜县', '稷山县', '新绛县', '绛县',
  '垣曲县', '夏县', '平陆县', '芮城县', '临猗县', '万荣县', '襄汾县', '洪洞县', '古县', '安泽县', '浮山县', '吉县', '乡宁县', '大宁县', '隰县', '永和县', '蒲县', '汾西县',
  '侯马市', '霍州市', '曲沃县', '翼城县', '沁水县', '阳城县', '陵川县', '泽州县', '高平市', '沁源县', '武乡县', '沁县', '襄垣县', '屯留区', '长子县', '壶关县', '平顺县', '黎城县'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '建国 建华 国强 志刚 秀英 丽华 桂兰 玉兰 海燕 伟 芳 军 敏 静 磊 强 洋 勇 艳 杰 娟 涛 明 超 霞 平 刚 丽玉 晓东 红梅 春生 福贵 文斌 永红 立新 卫东 爱民 振华 宏伟 淑珍'.split(' ');
/** Topics with the years they occur in. */
const TOPICS: Array<[string, number, number]> = [
  ['土地改革', 1950, 1953], ['抗美援朝', 1950, 1953], ['三反五反', 1951, 1953], ['农业合作化', 1953, 1957], ['人民公社', 1958, 1983], ['大炼钢铁', 1958, 1960],
  ['农田水利', 1955, 2024], ['植树造林', 1956, 2024], ['扫除文盲', 1952, 1965], ['知识青年上山下乡', 1968, 1980], ['计划生育', 1973, 2015], ['家庭联产承包', 1980, 1990],
  ['乡镇企业', 1984, 2005], ['国有企业改革', 1992, 2010], ['下岗职工再就业', 1996, 2008], ['非典防治', 2003, 2003], ['新农村建设', 2005, 2015], ['煤矿安全', 1980, 2024],
  ['煤炭资源整合', 2008, 2012], ['安全生产', 1985, 2024], ['防汛抗旱', 1960, 2024], ['森林防火', 1970, 2024], ['党风廉政建设', 1993, 2024], ['干部任免', 1950, 2024],
  ['财务管理', 1980, 2024], ['档案管理', 1980, 2024], ['档案数字化', 2005, 2024], ['电子政务', 2002, 2024], ['脱贫攻坚', 2015, 2020], ['精准扶贫', 2014, 2020],
  ['乡村振兴', 2018, 2024], ['疫情防控', 2020, 2022], ['不动产登记', 2015, 2024], ['营商环境', 2017, 2024], ['放管服改革', 2016, 2024], ['河长制', 2017, 2024],
  ['垃圾分类', 2019, 2024], ['棚户区改造', 2009, 2020], ['医疗保险', 1998, 2024], ['养老保险', 1995, 2024], ['义务教育', 1986, 2024], ['师资培训', 1978, 2024],
  ['招商引资', 1992, 2024], ['财政预算', 1980, 2024], ['审计整改', 1995, 2024], ['统计调查', 1980, 2024], ['文物保护', 1961, 2024], ['旅游开发', 1990, 2024],
  ['交通建设', 1970, 2024], ['高速公路', 1994, 2024], ['城市供水', 1975, 2024], ['供热管网', 1990, 2024], ['大气污染防治', 2013, 2024], ['黄河流域生态保护', 2019, 2024],
  ['优抚安置', 1955, 2024], ['社会救助', 1995, 2024], ['最低生活保障', 1997, 2024], ['食品安全', 2004, 2024], ['价格监督检查', 1985, 2024], ['粮食收购', 1953, 2024],
];
const DOCTYPES = ['通知', '请示', '报告', '批复', '函', '意见', '决定', '通报', '会议纪要', '工作总结', '实施方案', '情况汇报'];
const TEMPLATES: Array<(t: string, p: string, o: string, n: string, y: number, d: string) => string> = [
  (t, _p, o, _n, _y, d) => `${o}关于${t}工作的${d}`,
  (t, p, _o, _n, _y, d) => `关于${p}${t}有关问题的${d}`,
  (t, _p, o, _n, y) => `${o}关于印发《${y}年${t}工作要点》的通知`,
  (t, p, _o, _n, y) => `${p}${y}年度${t}工作总结`,
  (_t, _p, o, n) => `关于${n}同志任职的通知（${o}）`,
  (_t, p, _o, n) => `关于表彰${p}${n}等先进个人的决定`,
  (t, p) => `${p}${t}领导小组会议纪要`,
  (t, p, _o, _n, _y, d) => `关于${p}${t}项目的${d === '批复' ? '批复' : '请示'}`,
  (t, p) => `${p}${t}检查情况的通报`,
  (t, _p, o) => `${o}${t}专项督查报告`,
  (t, p) => `关于加强${p}${t}和限期整改的意见`,
  (t, p, o) => `${o}转发${p}关于做好${t}工作的函`,
  (t, p) => `${p}${t}统计报表`,
];
const SENTENCES = ['会议听取了有关部门的情况汇报', '各地要高度重视，切实加强组织领导', '对检查中发现的隐患要限期整改', '请于月底前将落实情况报送办公室',
  '资金由省级财政统筹安排', '确保各项任务按期完成', '对工作不力的单位予以通报批评', '进一步明确责任分工', '做好宣传引导和舆情应对', '建立长效机制'];

/** A small fast PRNG (mulberry32). */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BenchRecord {
  fonds: number; category: string; year: number; retention: string; security: string; openStatus: string; title: string;
  responsible: string; docNumber: string; docDate: string; subjects: string[]; remarks: string;
}

export function* generate(n: number, seed = 42): Generator<BenchRecord> {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  for (let i = 0; i < n; i++) {
    const fonds = Math.floor(r() * FONDS.length);
    const u = r();
    const year = Math.min(2024, 1950 + Math.floor(75 * Math.sqrt(u)));
    const fit = TOPICS.filter(([, a, b]) => year >= a && year <= b);
    const topic = pick(fit.length ? fit : TOPICS)[0];
    const place = r() < 0.5 ? pick(CITIES) : pick(COUNTIES);
    const organ = FONDS[fonds]![1];
    const name = pick(SURNAMES.split('')) + pick(GIVEN);
    const doctype = pick(DOCTYPES);
    const title = pick(TEMPLATES)(topic, place, organ, name, year, doctype);
    const c = r();
    const category = c < 0.7 ? 'WS' : c < 0.8 ? 'KJ' : c < 0.9 ? 'KU' : c < 0.95 ? 'ZP' : 'SX';
    const sx = r();
    const security = sx < 0.85 ? 'public' : sx < 0.95 ? 'internal' : sx < 0.99 ? 'mimi' : 'jimi';
    const openStatus = security === 'public' && r() < (year <= 1999 ? 0.7 : 0.1) ? 'open' : 'unreviewed';
    const month = 1 + Math.floor(r() * 12);
    const day = 1 + Math.floor(r() * 28);
    yield {
      fonds, category, year, retention: pick(['Y', 'D30', 'D10']), security, openStatus, title,
      responsible: r() < 0.7 ? organ : `${place}人民政府`,
      docNumber: category === 'WS' ? `晋${'政办财教水农'[fonds % 6]}发〔${year}〕${1 + Math.floor(r() * 200)}号` : '',
      docDate: `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`,
      subjects: r() < 0.5 ? [topic] : [],
      remarks: r() < 0.3 ? Array.from({ length: 4 + Math.floor(r() * 3) }, () => pick(SENTENCES)).join('，') + '。' : '',
    };
  }
}

/** Typical queries: 2–4 topic words, names, places, 文号, with a few common-word and edge cases. */
export const QUERIES = [
  '脱贫攻坚', '疫情防控', '不动产登记', '煤矿安全', '干部任免', '档案管理', '计划生育', '土地改革', '人民公社', '乡村振兴', '党风廉政建设',
  '太原市 脱贫攻坚 通知', '煤矿 安全 检查', '运城市 农田水利 批复', '财务管理 工作总结', '先进个人 表彰', '师资培训 通知', '晋中市 财政预算',
  '大同市 安全生产 会议纪要', '供水 批复', '营商环境 放管服改革', '限期整改', '领导小组 会议纪要', '平遥县 文物保护', '清徐县 农田水利 请示',
  '王建国', '李秀英 任职', '阳曲县 棚户区改造', '非典防治', '晋政发〔2011〕', '档案数字化 实施方案', '河长制 工作要点', '黄河流域生态保护',
  '通知', '关于', '工作', '人民政府', '会议纪要', '煤', '晋阳省教育厅 师资培训', '食品安全 通报', 'dangan guanli', 'tuopin', '檔案管理', '疫情防控 -通报',
  '"安全生产工作"', '责任者:晋阳省水利厅 防汛', '最低生活保障 社会救助', '高速公路 项目 批复', '招商引资 2018',
];

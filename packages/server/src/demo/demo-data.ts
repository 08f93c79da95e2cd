/** Fictional but realistic material for the demo archive (晋阳市 is invented). */
export const DEMO_FONDS = [
  { code: 'J001', name: '晋阳市人民政府办公室', agency: '晋阳市人民政府办公室', abbr: '晋阳政办', startYear: 2012, records: 900,
    history: '1984年设立晋阳市人民政府办公室，2019年机构改革后保留。', description: '本全宗收录市政府办公室形成的文书档案，包括政策性文件、会议纪要、请示批复等。' },
  { code: 'J002', name: '晋阳市教育局', agency: '晋阳市教育局', abbr: '晋阳教', startYear: 2014, records: 700,
    history: '1985年由原文教局分设，2019年与市委教育工委合署办公。', description: '本全宗收录教育行政管理、学籍、招生考试等文书档案。' },
  { code: 'J003', name: '晋阳市卫生健康委员会', agency: '晋阳市卫生健康委员会', abbr: '晋阳卫健', startYear: 2016, records: 500,
    history: '2019年由原卫生和计划生育委员会改组设立。', description: '本全宗收录医疗卫生、疾病防控、健康促进等文书档案。' },
  { code: 'Z109', name: '晋阳市财政局', agency: '晋阳市财政局', abbr: '晋阳财', startYear: 2015, records: 400,
    history: '1950年设立，历经多次机构调整。', description: '本全宗收录财政管理文书档案及会计档案。' },
];

export const TOPICS = [
  '开展安全生产大检查', '做好汛期防汛抗旱工作', '编制年度部门预算', '推进政务服务“一网通办”', '加强档案数字化工作', '开展爱国卫生运动',
  '做好高校毕业生就业工作', '实施乡村振兴战略', '加强生态环境保护', '规范政府采购管理', '做好冬季清洁取暖', '开展普法宣传教育',
  '推进义务教育均衡发展', '做好传染病疫情防控', '加强基层医疗卫生服务', '做好全国文明城市创建', '开展优化营商环境专项行动', '加强财政资金监管',
  '做好民生实事项目', '推进黄河流域生态保护', '加强公文处理规范化', '开展重大活动档案收集', '做好年度统计报表报送', '建设智慧校园',
];
export const DOC_TYPES = ['通知', '请示', '报告', '批复', '函', '意见', '方案', '会议纪要'];
export const ORG_BY_TYPE: Record<string, string[]> = {
  通知: ['BGS', 'YWK'], 请示: ['BGS', 'CWK'], 报告: ['YWK', 'BGS'], 批复: ['BGS'], 函: ['YWK', 'RSK'], 意见: ['DWB', 'BGS'], 方案: ['YWK', 'RSK'], 会议纪要: ['BGS', 'DWB'],
};
export const SUBJECTS = ['安全生产', '防汛', '预算', '政务服务', '档案', '卫生', '就业', '乡村振兴', '生态环境', '政府采购', '教育', '疫情防控', '营商环境', '统计'];

/** A deterministic pseudo-random generator (mulberry32), so every demo archive looks the same. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return { next, pick, int };
}

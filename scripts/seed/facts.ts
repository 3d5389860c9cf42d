/**
 * The demo villages, from two pages of the Zunyi daily's (遵义日报) special section “党旗在基层一线高高飘扬”,
 * headed 《“小网格”赋能“大治理”》 and 《“小网格”里见“大民生”》.
 * Every figure the articles state is carried exactly; everything else is invented and says so.
 */
export const SOURCE_ARTICLE = "遵义日报“党旗在基层一线高高飘扬”专版《“小网格”赋能“大治理”》《“小网格”里见“大民生”》两版";
export const SYNTHETIC = "示例数据 / synthetic";
export const ILLUSTRATIVE_CODE = "乡镇、村两级代码为示意 / town and village digits illustrative";

export type RegionFact = {
  code: string;
  name: string;
  level: "province" | "city" | "county" | "town" | "village";
  parentCode: string | null;
  codeIllustrative?: boolean;
  note?: string;
};

export const REGIONS: RegionFact[] = [
  { code: "520000000000", name: "贵州省", level: "province", parentCode: null },
  { code: "520300000000", name: "遵义市", level: "city", parentCode: "520000000000" },
  { code: "520303000000", name: "汇川区", level: "county", parentCode: "520300000000" },
  { code: "520304000000", name: "播州区", level: "county", parentCode: "520300000000" },
  { code: "520322000000", name: "桐梓县", level: "county", parentCode: "520300000000" },
  { code: "520323000000", name: "绥阳县", level: "county", parentCode: "520300000000" },
  { code: "520327000000", name: "凤冈县", level: "county", parentCode: "520300000000" },
  { code: "520329000000", name: "余庆县", level: "county", parentCode: "520300000000" },
  {
    code: "520390000000",
    name: "新蒲新区",
    level: "county",
    parentCode: "520300000000",
    codeIllustrative: true,
    note: "新蒲新区为管理区，无独立县级区划代码；此代码为示意 / a managed new area without its own code; illustrative",
  },
  { code: "520304101000", name: "尚嵇镇", level: "town", parentCode: "520304000000", codeIllustrative: true },
  { code: "520323102000", name: "宽洞镇", level: "town", parentCode: "520323000000", codeIllustrative: true },
  { code: "520327103000", name: "进化镇", level: "town", parentCode: "520327000000", codeIllustrative: true },
  { code: "520322104000", name: "芭蕉镇", level: "town", parentCode: "520322000000", codeIllustrative: true },
  { code: "520390105000", name: "新舟镇", level: "town", parentCode: "520390000000", codeIllustrative: true },
  { code: "520304101201", name: "茶山村", level: "village", parentCode: "520304101000", codeIllustrative: true },
  { code: "520323102201", name: "红河村", level: "village", parentCode: "520323102000", codeIllustrative: true },
  { code: "520327103201", name: "临江村", level: "village", parentCode: "520327103000", codeIllustrative: true },
  { code: "520322104201", name: "黄溪村", level: "village", parentCode: "520322104000", codeIllustrative: true },
  { code: "520390105201", name: "群乐村", level: "village", parentCode: "520390105000", codeIllustrative: true },
];

export const VILLAGE_CODES = {
  chashan: "520304101201",
  honghe: "520323102201",
  linjiang: "520327103201",
  huangxi: "520322104201",
  qunle: "520390105201",
} as const;
export type VillageKey = keyof typeof VILLAGE_CODES;

export const INDUSTRY_CATALOGUE = [
  { key: "red_tourism", nameZh: "红色文旅", nameEn: "Red tourism", defaultUnit: "人次" },
  { key: "study_tours", nameZh: "红色研学", nameEn: "Red study tours and farm experience", defaultUnit: "人次" },
  { key: "tea_seedlings", nameZh: "茶苗", nameEn: "Tea seedlings", defaultUnit: "亩" },
  { key: "iron_pot_rice", nameZh: "铁罐饭", nameEn: "Iron-pot rice restaurant", defaultUnit: "桌" },
  { key: "pomelo", nameZh: "胡柚", nameEn: "Pomelo (huyou)", defaultUnit: "亩" },
  { key: "bees", nameZh: "中蜂", nameEn: "Chinese honeybees", defaultUnit: "箱" },
  { key: "forest_herbs", nameZh: "林下药材", nameEn: "Herbs under forest", defaultUnit: "亩" },
  { key: "gallnut", nameZh: "五倍子", nameEn: "Chinese gall", defaultUnit: "亩" },
  { key: "homestay", nameZh: "民宿", nameEn: "Homestays", defaultUnit: "间" },
  { key: "rice_rapeseed", nameZh: "稻油轮作", nameEn: "Rice–rapeseed rotation", defaultUnit: "亩" },
  { key: "livestream", nameZh: "直播电商", nameEn: "Livestream sales", defaultUnit: "单" },
] as const;
export type IndustryKey = (typeof INDUSTRY_CATALOGUE)[number]["key"];

export type PartnerFact = {
  role: "party_branch" | "cooperative" | "enterprise" | "large_grower" | "base" | "household";
  label: string;
  name?: string;
};

export type IndustryFact = {
  industry: IndustryKey;
  description: string;
  scaleQuantity?: string;
  scaleUnit?: string;
  drivenAreaMu?: string;
  householdsDriven?: number;
  scaleNote?: string;
  source: string;
};

/** an income or expense line; amounts in fen */
export type LineFact = {
  kind: "operating" | "contracting" | "investment" | "subsidy" | "other" | "operating_cost" | "management" | "other_expense";
  description: string;
  amountFen: bigint;
  industry?: IndustryKey;
};

export type YearFact = {
  year: number;
  lines: LineFact[];
  statedNote?: string;
  source: string;
};

export type VillageFact = {
  key: VillageKey;
  summary: string;
  source: string;
  collectiveName: string;
  cooperative?: { name: string; partners: PartnerFact[]; source: string };
  industries: IndustryFact[];
  groups: string[];
  households: number;
  /** households holding shares (the rest hold none) */
  shareholders: number;
  shareClass: { kind: "cash" | "member"; name: string; unitValueFen: bigint };
  years: YearFact[];
};

const y = (yuan: number) => BigInt(yuan) * 100n;

export const VILLAGES: VillageFact[] = [
  {
    key: "chashan",
    summary:
      "茶山关渡口红军渡江地。196户群众集资入股建设义渡农庄（红色主题民宿、农家餐馆、农特产品展销），发展红色研学与田园体验，建成2,000亩生态稻油轮作基地；2025年村集体经营性收入突破100万元，群众人均增收1,000余元；培养15名“红色头雁”后备干部，议事亭+村民代表会共商村务。",
    source: SOURCE_ARTICLE,
    collectiveName: "茶山村股份经济合作社",
    cooperative: {
      name: "茶山村义渡农旅专业合作社（示例名称）",
      partners: [
        { role: "party_branch", label: "党支部", name: "茶山村党支部" },
        { role: "cooperative", label: "合作社" },
        { role: "enterprise", label: "企业", name: "义渡农庄" },
        { role: "household", label: "农户" },
      ],
      source: SOURCE_ARTICLE,
    },
    industries: [
      {
        industry: "red_tourism",
        description: "义渡农庄：红色主题民宿、农家餐馆、农特产品展销（茶山关渡口）",
        householdsDriven: 196,
        scaleNote: "196户集资入股",
        source: SOURCE_ARTICLE,
      },
      { industry: "study_tours", description: "红色研学+田园体验", source: SOURCE_ARTICLE },
      {
        industry: "rice_rapeseed",
        description: "生态稻油轮作基地",
        scaleQuantity: "2000",
        scaleUnit: "亩",
        source: SOURCE_ARTICLE,
      },
    ],
    groups: ["渡口组", "茶园组", "关上组", "坪上组", "新街组", "河湾组"],
    households: 320,
    shareholders: 196,
    shareClass: { kind: "cash", name: "现金股（集资入股）", unitValueFen: y(1000) },
    years: [
      {
        year: 2024,
        source: SYNTHETIC,
        lines: [
          { kind: "operating", description: "义渡农庄民宿与餐饮收入", amountFen: y(612_000), industry: "red_tourism" },
          { kind: "operating", description: "研学接待收入", amountFen: y(118_000), industry: "study_tours" },
          { kind: "contracting", description: "稻油轮作基地发包收入", amountFen: y(96_000), industry: "rice_rapeseed" },
          { kind: "operating_cost", description: "农庄经营成本", amountFen: y(402_000) },
          { kind: "management", description: "管理费用", amountFen: y(61_500) },
        ],
      },
      {
        year: 2025,
        statedNote: "村集体经营性收入突破100万元（资料所载；分项为示例数据）",
        source: `${SOURCE_ARTICLE}；分项：${SYNTHETIC}`,
        lines: [
          { kind: "operating", description: "义渡农庄民宿与餐饮收入", amountFen: y(736_500), industry: "red_tourism" },
          { kind: "operating", description: "农特产品展销收入", amountFen: y(98_200), industry: "red_tourism" },
          { kind: "operating", description: "研学接待收入", amountFen: y(151_300), industry: "study_tours" },
          { kind: "contracting", description: "稻油轮作基地发包收入", amountFen: y(104_000), industry: "rice_rapeseed" },
          { kind: "subsidy", description: "乡村振兴衔接资金（专项，不参与分配）", amountFen: y(300_000) },
          { kind: "operating_cost", description: "农庄经营成本", amountFen: y(468_000) },
          { kind: "management", description: "管理费用", amountFen: y(72_000) },
        ],
      },
    ],
  },
  {
    key: "honghe",
    summary:
      "发展中蜂养殖、药材入林、五倍子、民宿等产业。2025年村集体经营性纯收益14.093万元，按《绥阳县农村集体经济组织收益分配管理制度(暂行)》提取30%用于村民分红：一部分表彰“模范示范家庭”，其余为全村每户购买大米，在岗上组广场发放。",
    source: SOURCE_ARTICLE,
    collectiveName: "红河村股份经济合作社",
    cooperative: {
      name: "红河村中蜂养殖专业合作社（示例名称）",
      partners: [
        { role: "party_branch", label: "党支部", name: "红河村党支部" },
        { role: "cooperative", label: "合作社" },
        { role: "large_grower", label: "大户" },
        { role: "household", label: "农户" },
      ],
      source: SOURCE_ARTICLE,
    },
    industries: [
      { industry: "bees", description: "中蜂养殖", source: SOURCE_ARTICLE },
      { industry: "forest_herbs", description: "药材入林（林下药材）", source: SOURCE_ARTICLE },
      { industry: "gallnut", description: "五倍子", source: SOURCE_ARTICLE },
      { industry: "homestay", description: "民宿", source: SOURCE_ARTICLE },
    ],
    groups: ["岗上组", "河坝组", "新寨组", "大湾组", "龙井组", "石板组"],
    households: 450,
    shareholders: 450,
    shareClass: { kind: "member", name: "成员股", unitValueFen: 0n },
    years: [
      {
        year: 2024,
        source: SYNTHETIC,
        lines: [
          { kind: "operating", description: "中蜂蜂蜜销售", amountFen: y(88_600), industry: "bees" },
          { kind: "operating", description: "五倍子收购销售", amountFen: y(41_200), industry: "gallnut" },
          { kind: "contracting", description: "民宿房屋出租", amountFen: y(36_000), industry: "homestay" },
          { kind: "operating_cost", description: "蜂箱、药苗等经营支出", amountFen: y(52_300) },
          { kind: "management", description: "管理费用", amountFen: y(9_800) },
        ],
      },
      {
        year: 2025,
        statedNote: "经营性纯收益140,930元（资料所载；分项为示例数据）",
        source: `${SOURCE_ARTICLE}；分项：${SYNTHETIC}`,
        // lines invented to add up to the stated net operating income of 140,930.00 元
        lines: [
          { kind: "operating", description: "中蜂蜂蜜销售", amountFen: y(112_480), industry: "bees" },
          { kind: "operating", description: "林下药材销售", amountFen: y(38_650), industry: "forest_herbs" },
          { kind: "operating", description: "五倍子收购销售", amountFen: y(46_300), industry: "gallnut" },
          { kind: "contracting", description: "民宿房屋出租", amountFen: y(42_000), industry: "homestay" },
          { kind: "subsidy", description: "产业发展专项补助（不参与分配）", amountFen: y(100_000) },
          { kind: "operating_cost", description: "蜂箱、药苗等经营支出", amountFen: y(86_700) },
          { kind: "management", description: "管理费用", amountFen: y(11_800) },
        ],
      },
    ],
  },
  {
    key: "linjiang",
    summary: "建设茶苗繁育基地（茶园繁育基地），融入全县茶产业链：育苗→种植→加工→销售。",
    source: SOURCE_ARTICLE,
    collectiveName: "临江村股份经济合作社",
    industries: [{ industry: "tea_seedlings", description: "茶苗繁育基地（茶园繁育基地）", source: SOURCE_ARTICLE }],
    groups: ["临江组", "茶坪组", "上寨组", "下寨组"],
    households: 180,
    shareholders: 180,
    shareClass: { kind: "member", name: "成员股", unitValueFen: 0n },
    years: [
      {
        year: 2025,
        source: SYNTHETIC,
        lines: [
          { kind: "operating", description: "茶苗销售", amountFen: y(164_000), industry: "tea_seedlings" },
          { kind: "operating_cost", description: "育苗成本", amountFen: y(97_500) },
          { kind: "management", description: "管理费用", amountFen: y(6_200) },
        ],
      },
    ],
  },
  {
    key: "huangxi",
    summary:
      "2022年5月起村集体经营铁罐饭农家餐馆，向农户收购腊肉、团豆、苕粉，并通过直播代销至重庆、贵阳、遵义；2023年村集体经济收入38万元。驻村干部（中国银行）筹资10.5万元安装路灯70盏。",
    source: SOURCE_ARTICLE,
    collectiveName: "黄溪村股份经济合作社",
    industries: [
      { industry: "iron_pot_rice", description: "铁罐饭农家餐馆（2022年5月开业），收购农户腊肉、团豆、苕粉", source: SOURCE_ARTICLE },
      { industry: "livestream", description: "直播代销至重庆、贵阳、遵义", source: SOURCE_ARTICLE },
    ],
    groups: ["黄溪组", "坝上组", "茶林组", "沙坝组", "岩脚组"],
    households: 260,
    shareholders: 260,
    shareClass: { kind: "member", name: "成员股", unitValueFen: 0n },
    years: [
      {
        year: 2023,
        statedNote: "村集体经济收入38万元（资料所载；分项为示例数据）",
        source: `${SOURCE_ARTICLE}；分项：${SYNTHETIC}`,
        lines: [
          { kind: "operating", description: "铁罐饭餐馆营业收入", amountFen: y(296_000), industry: "iron_pot_rice" },
          { kind: "operating", description: "直播代销腊肉、团豆、苕粉", amountFen: y(84_000), industry: "livestream" },
          { kind: "operating_cost", description: "餐馆食材与人工", amountFen: y(201_000) },
          { kind: "management", description: "管理费用", amountFen: y(14_000) },
        ],
      },
      {
        year: 2024,
        source: SYNTHETIC,
        lines: [
          { kind: "operating", description: "铁罐饭餐馆营业收入", amountFen: y(318_500), industry: "iron_pot_rice" },
          { kind: "operating", description: "直播代销腊肉、团豆、苕粉", amountFen: y(97_300), industry: "livestream" },
          { kind: "operating_cost", description: "餐馆食材与人工", amountFen: y(216_400) },
          { kind: "management", description: "管理费用", amountFen: y(15_100) },
        ],
      },
    ],
  },
  {
    key: "qunle",
    summary: "以胡柚为主导产业，建成280亩示范基地，带动农户种植1,000余亩。",
    source: SOURCE_ARTICLE,
    collectiveName: "群乐村股份经济合作社",
    cooperative: {
      name: "群乐村胡柚种植专业合作社（示例名称）",
      partners: [
        { role: "party_branch", label: "党支部", name: "群乐村党支部" },
        { role: "cooperative", label: "专业合作社" },
        { role: "base", label: "基地", name: "胡柚示范基地" },
        { role: "household", label: "农户" },
      ],
      source: SOURCE_ARTICLE,
    },
    industries: [
      {
        industry: "pomelo",
        description: "胡柚示范基地",
        scaleQuantity: "280",
        scaleUnit: "亩",
        drivenAreaMu: "1000",
        scaleNote: "带动农户种植1,000余亩",
        source: SOURCE_ARTICLE,
      },
    ],
    groups: ["群乐组", "柚园组", "新舟组", "大坡组"],
    households: 210,
    shareholders: 210,
    shareClass: { kind: "member", name: "成员股", unitValueFen: 0n },
    years: [
      {
        year: 2025,
        source: SYNTHETIC,
        lines: [
          { kind: "operating", description: "胡柚销售", amountFen: y(236_000), industry: "pomelo" },
          { kind: "contracting", description: "示范基地土地流转收入", amountFen: y(28_000), industry: "pomelo" },
          { kind: "operating_cost", description: "基地管护成本", amountFen: y(131_000) },
          { kind: "management", description: "管理费用", amountFen: y(9_000) },
        ],
      },
    ],
  },
];

/** 绥阳县's rule as 红河村 used it in 2025; percent and title from the article, the rest invented. */
export const SUIYANG_RULE = {
  ownerRegionCode: "520323000000",
  ruleKey: "suiyang-county",
  name: "提取经营性纯收益30%用于村民分红",
  documentTitle: "《绥阳县农村集体经济组织收益分配管理制度(暂行)》",
  validFrom: "2025-01-01",
  dividendPercent: "30",
  rewards: [{ title: "模范示范家庭", flag: "模范示范家庭", amountFen: "50000" }],
  split: [{ basis: "households" as const, weight: 100 }],
  inKind: { item: "大米", unit: "kg", unitPriceFen: "600", stepUnits: 5 },
  noticeDays: 7,
  source: `30%与文件名：${SOURCE_ARTICLE}；奖励金额、米价、生效日期：${SYNTHETIC}`,
};

/** names from the articles belong to real people: never given to a synthetic household */
export const REAL_NAMES = ["罗春强", "刘有容", "陈友珍"];

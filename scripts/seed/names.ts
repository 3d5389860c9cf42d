import { REAL_NAMES } from "./facts";

/** A small deterministic PRNG (mulberry32) so the demo data is the same on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文".split(
    "",
  );
const GIVEN =
  "明华建国军平志勇海兵红英玉兰秀芳丽德成林强伟刚永春福贵发荣富康安顺忠义光友文武祥云山水清泉桂菊梅娟霞凤琴燕俊杰涛波辉鹏飞坤贤良正宏昌盛兴旺宝才".split(
    "",
  );

/** An invented Chinese name; never one of the real people named in the articles. */
export function inventName(rand: () => number): string {
  for (;;) {
    const s = SURNAMES[Math.floor(rand() * SURNAMES.length)];
    const len = rand() < 0.7 ? 2 : 1;
    let g = "";
    for (let i = 0; i < len; i++) g += GIVEN[Math.floor(rand() * GIVEN.length)];
    const name = s + g;
    if (!REAL_NAMES.includes(name)) return name;
  }
}

/**
 * The texts of the notifications (Chinese, markdown), pure. The groups are Chinese-speaking
 * offices, so messages are in Chinese whatever the actor's interface language.
 */
import type { RobotMessage } from "./robots";

export type VillageNames = { village: string; town: string | null; county: string | null };
export type IncomeEvent = "submit" | "return" | "approve";
export type RunEvent = "notice" | "approved";

const place = (n: VillageNames) => [n.county, n.town, n.village].filter(Boolean).join(" · ");

export function incomeYearMessage(a: {
  event: IncomeEvent;
  names: VillageNames;
  year: number;
  actor: string;
  comment?: string | null;
  link: string;
}): RobotMessage {
  const what = { submit: "已提交审核", return: "被退回修改", approve: "已审核通过" }[a.event];
  const title = `${a.names.village} ${a.year} 年度收益${what}`;
  const lines = [`### ${title}`, "", `- 地区：${place(a.names)}`, `- 年度：${a.year}`, `- 操作人：${a.actor}`];
  if (a.event === "return" && a.comment) lines.push(`- 退回意见：${a.comment}`);
  if (a.event === "submit") lines.push("", "请乡镇农经站审核。");
  return { title, text: lines.join("\n"), link: a.link };
}

export function runMessage(a: {
  event: RunEvent;
  names: VillageNames;
  year: number;
  actor: string;
  noticeFrom?: string | null;
  noticeTo?: string | null;
  link: string;
}): RobotMessage {
  const what = a.event === "notice" ? "分配方案开始公示" : "分配方案已审核确认";
  const title = `${a.names.village} ${a.year} 年度${what}`;
  const lines = [`### ${title}`, "", `- 地区：${place(a.names)}`, `- 年度：${a.year}`, `- 操作人：${a.actor}`];
  if (a.event === "notice" && a.noticeFrom && a.noticeTo) lines.push(`- 公示期：${a.noticeFrom} 至 ${a.noticeTo}`);
  return { title, text: lines.join("\n"), link: a.link };
}

export function testMessage(a: { targetName: string; regionName: string; actor: string; link: string }): RobotMessage {
  const title = "村集体经济台账 · 测试消息";
  const text = [
    `### ${title}`,
    "",
    `- 接收群：${a.targetName}（${a.regionName}）`,
    `- 发送人：${a.actor}`,
    "",
    "收到此消息说明机器人配置正确。",
  ].join("\n");
  return { title, text, link: a.link };
}

/**
 * msw stand-ins for the two robot services: DingTalk (oapi.dingtalk.com/robot/send) and WeCom
 * (qyapi.weixin.qq.com/cgi-bin/webhook/send). Every request is recorded with its raw URL and
 * JSON body; by default both answer { errcode: 0 }. A test overrides with server.use(...).
 */
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";

export const DINGTALK_URL = "https://oapi.dingtalk.com/robot/send?access_token=test-token";
export const WECOM_URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test-key";
export const DINGTALK_SECRET = "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd";

export type Received = { service: "dingtalk" | "wecom"; url: string; body: any };
export const received: Received[] = [];

export const robotHandlers = [
  http.post("https://oapi.dingtalk.com/robot/send", async ({ request }) => {
    received.push({ service: "dingtalk", url: request.url, body: await request.json() });
    return HttpResponse.json({ errcode: 0, errmsg: "ok" });
  }),
  http.post("https://qyapi.weixin.qq.com/cgi-bin/webhook/send", async ({ request }) => {
    received.push({ service: "wecom", url: request.url, body: await request.json() });
    return HttpResponse.json({ errcode: 0, errmsg: "ok" });
  }),
];

export const robotServer = setupServer(...robotHandlers);

import { assertEquals } from "../tests/assert.ts";
import { channelTargets, DEFAULT_RECEIVERS, receiverConfigSchema } from "./receivers.ts";

const none = { telegramChatIds: [], emailTo: [] };
const all = {
  telegramBotToken: "123:abc",
  telegramChatIds: ["1", "2"],
  smtpUrl: "smtp://mail:25",
  emailTo: ["ops@example.com"],
  webhookUrl: "https://hooks.example.com/ct",
};

Deno.test("the default receiver sends to every configured channel and nothing else", () => {
  const receiver = DEFAULT_RECEIVERS[0]!;
  assertEquals(channelTargets(receiver, none), []);
  assertEquals(channelTargets(receiver, all), [
    { channel: "telegram", target: "1" },
    { channel: "telegram", target: "2" },
    { channel: "email", target: "ops@example.com" },
    { channel: "webhook", target: "https://hooks.example.com/ct" },
  ]);
});

Deno.test("a receiver's own addresses replace the process-wide ones", () => {
  const receiver = receiverConfigSchema.parse({
    name: "desk",
    telegram: { chatIds: ["9"] },
    webhook: { url: "http://127.0.0.1:9/desk" },
  });
  assertEquals(channelTargets(receiver, all), [
    { channel: "telegram", target: "9" },
    { channel: "webhook", target: "http://127.0.0.1:9/desk" },
  ]);
});

Deno.test("a telegram receiver without a bot token sends nothing to telegram", () => {
  const receiver = receiverConfigSchema.parse({ name: "t", telegram: { chatIds: ["9"] } });
  assertEquals(channelTargets(receiver, { ...all, telegramBotToken: undefined }), []);
});

Deno.test("a receiver rejects a malformed e-mail address and a non-http webhook URL", () => {
  const bad = receiverConfigSchema.safeParse({
    name: "x",
    email: { to: ["not-an-address"] },
    webhook: { url: "ftp://x" },
  });
  assertEquals(bad.success, false);
  const paths = bad.error!.issues.map((i) => i.path.join("."));
  assertEquals(paths.sort(), ["email.to.0", "webhook.url"]);
});

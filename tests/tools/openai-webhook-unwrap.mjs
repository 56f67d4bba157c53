// Verifies and parses a webhook with the official `openai` npm package's client.webhooks.unwrap, as a receiver written
// against OpenAI's webhooks would. Reads {"secret", "headers", "body"} on stdin; prints {"event": …, "tampered_rejected": …}.
//   node openai-webhook-unwrap.mjs < request.json
import OpenAI from 'openai';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { secret, headers, body } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const client = new OpenAI({ apiKey: 'unused', webhookSecret: secret });

const event = await client.webhooks.unwrap(body, headers);
let tamperedRejected = false;
try {
  await client.webhooks.unwrap(body.replace('"data"', '"data" '), headers);
} catch {
  tamperedRejected = true;
}
process.stdout.write(JSON.stringify({ event, tampered_rejected: tamperedRejected }));

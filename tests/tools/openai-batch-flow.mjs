// Drives the OpenAI-compatible Batch API with the official `openai` npm package, as a user's code would, changing only
// the base URL and key. Prints one JSON object on stdout with what the SDK saw; the .NET test asserts on it.
//   node openai-batch-flow.mjs BASE_URL API_KEY INPUT.jsonl ENDPOINT
import fs from 'node:fs';
import OpenAI, { AuthenticationError, NotFoundError } from 'openai';

const [baseURL, apiKey, inputPath, endpoint] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });
const terminal = new Set(['completed', 'failed', 'expired', 'cancelled']);
const result = {};

const file = await client.files.create({ file: fs.createReadStream(inputPath), purpose: 'batch' });
result.file = await client.files.retrieve(file.id);

let batch = await client.batches.create({ input_file_id: file.id, endpoint, completion_window: '24h', metadata: { run: 'node' } });
result.created_status = batch.status;
while (!terminal.has(batch.status)) {
  // A poll interval, as users' code has: the batch ends when the server's worker is done.
  await new Promise((resolve) => setTimeout(resolve, 100));
  batch = await client.batches.retrieve(batch.id);
}
result.batch = batch;
result.output = batch.output_file_id ? await (await client.files.content(batch.output_file_id)).text() : null;
result.errors = batch.error_file_id ? await (await client.files.content(batch.error_file_id)).text() : null;

// Auto-pagination one item per page: the SDK follows `after` = the last id while `has_more` says so.
result.listed = [];
for await (const b of client.batches.list({ limit: 1 })) {
  result.listed.push(b.id);
}

result.files_listed = [];
for await (const f of client.files.list()) {
  result.files_listed.push(f.id);
}

try {
  await client.files.retrieve('file-00000000000000000000000000000000');
  result.unknown_file = 'no error';
} catch (error) {
  result.unknown_file = error instanceof NotFoundError ? { status: error.status, error: error.error } : String(error);
}

try {
  await new OpenAI({ baseURL, apiKey: 'not-a-key', maxRetries: 0 }).batches.list();
  result.wrong_key = 'no error';
} catch (error) {
  result.wrong_key = error instanceof AuthenticationError ? { status: error.status, error: error.error } : String(error);
}

process.stdout.write(JSON.stringify(result));

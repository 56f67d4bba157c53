// Reads a Parquet file with hyparquet (a pure-JS reader, independent of DuckDB) and prints it as JSON lines.
//
//   node tests/tools/hyparquet-query.mjs file.parquet             one line per row: {"column": value, ...}
//   node tests/tools/hyparquet-query.mjs --metadata file.parquet  one line per column chunk, as hyparquet sees it
//
// Values are printed exactly, never through a float:
//   INT64                → decimal string ("-9223372036854775808")
//   DECIMAL(p, s)        → decimal string with exactly s fractional digits ("-12.3400"), from INT32, INT64 or
//                          FIXED_LEN_BYTE_ARRAY; hyparquet's own decimal
//                          conversion goes through a double, so the annotation is removed and the unscaled
//                          integer is formatted here
//   TIMESTAMP(MICROS or MILLIS) → ISO 8601 UTC with 6 fractional digits ("1969-12-31T23:59:59.999999Z")
//   BYTE_ARRAY (no annotation) → uppercase hex ("00FF")
//   DOUBLE / INT32       → JSON number; NaN, Infinity, -Infinity and -0 as the strings "NaN", "Infinity",
//                          "-Infinity", "-0"
//   STRING → string, BOOLEAN → true/false, null → null
// Codecs: SNAPPY (built into hyparquet), GZIP (node:zlib), UNCOMPRESSED.
// Errors: the message goes to stderr and the exit code is 1.
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead } from 'hyparquet';
import { gunzipSync } from 'node:zlib';

const MICROS_PER_DAY = 86_400_000_000n;

// FIXED_LEN_BYTE_ARRAY decimals (precision > 18) arrive as the bytes of a big-endian two's complement integer.
function bigEndianSigned(bytes) {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return bytes.length > 0 && bytes[0] & 0x80 ? value - (1n << BigInt(bytes.length * 8)) : value;
}

function formatUnscaled(unscaled, scale) {
  const value = ArrayBuffer.isView(unscaled) || Array.isArray(unscaled) ? bigEndianSigned(unscaled) : BigInt(unscaled);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

function formatMicros(micros) {
  // Split into whole days and the time of day, both exact; Date only ever sees whole milliseconds.
  let days = micros / MICROS_PER_DAY;
  let rest = micros % MICROS_PER_DAY;
  if (rest < 0n) {
    rest += MICROS_PER_DAY;
    days -= 1n;
  }
  const millis = Number(days) * 86_400_000 + Number(rest / 1000n);
  const iso = new Date(millis).toISOString(); // yyyy-mm-ddThh:mm:ss.mmmZ
  return `${iso.slice(0, 23)}${(rest % 1000n).toString().padStart(3, '0')}Z`;
}

function toJsonValue(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (value === Infinity) return 'Infinity';
    if (value === -Infinity) return '-Infinity';
    if (Object.is(value, -0)) return '-0';
    return value;
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex').toUpperCase();
  return value;
}

async function printRows(path) {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);

  // Decimal columns: read the unscaled integers and format them here (see the header).
  const scales = new Map();
  for (const element of metadata.schema) {
    if (element.type && (element.converted_type === 'DECIMAL' || element.logical_type?.type === 'DECIMAL')) {
      scales.set(element.name, element.scale ?? element.logical_type?.scale ?? 0);
      delete element.converted_type;
      delete element.logical_type;
    }
  }

  const names = metadata.schema.filter((element) => element.type).map((element) => element.name);
  let out = '';
  await parquetRead({
    file,
    metadata,
    utf8: false, // only STRING-annotated columns become text; raw BYTE_ARRAY stays bytes
    compressors: { GZIP: (input) => new Uint8Array(gunzipSync(input)) },
    parsers: {
      timestampFromMicroseconds: (micros) => formatMicros(BigInt(micros)),
      timestampFromMilliseconds: (millis) => formatMicros(BigInt(millis) * 1000n),
    },
    onComplete: (rows) => {
      for (const row of rows) {
        const line = {};
        names.forEach((name, i) => {
          const value = row[i];
          line[name] = scales.has(name) && value !== null && value !== undefined
            ? formatUnscaled(value, scales.get(name))
            : toJsonValue(value);
        });
        out += `${JSON.stringify(line)}\n`;
      }
    },
  });
  process.stdout.write(out);
}

async function printMetadata(path) {
  const metadata = await parquetMetadataAsync(await asyncBufferFromFile(path));
  let out = '';
  metadata.row_groups.forEach((group, rowGroup) => {
    for (const chunk of group.columns) {
      const m = chunk.meta_data;
      out += `${JSON.stringify({
        row_group: rowGroup,
        column: m.path_in_schema.join('.'),
        codec: m.codec,
        num_values: toJsonValue(m.num_values),
        encodings: m.encodings,
        dictionary_page_offset: toJsonValue(m.dictionary_page_offset),
        data_page_offset: toJsonValue(m.data_page_offset),
        encoding_stats: m.encoding_stats ?? null,
      })}\n`;
    }
  });
  process.stdout.write(out);
}

const args = process.argv.slice(2);
const path = args.find((arg) => !arg.startsWith('--'));
const run = !path
  ? Promise.reject(new Error('usage: node hyparquet-query.mjs [--metadata] file.parquet'))
  : args.includes('--metadata') ? printMetadata(path) : printRows(path);
run.catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});

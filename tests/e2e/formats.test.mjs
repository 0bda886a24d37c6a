// The `format` cases of tests/runtime/formats.json as the official SDK clients decide them: the
// JSON Schema validators of the 1.x (@modelcontextprotocol/sdk) and 2.x
// (@modelcontextprotocol/client) lines, which check a tool's structured output. The runtime's
// validator must agree with the same file (tests/runtime/json_schema_test.cc), so a native
// server refuses exactly the output the clients would.
//
// Run: ctest --test-dir build -R e2e.formats, or node --test tests/e2e/formats.test.mjs
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { AjvJsonSchemaValidator as Validator1 } from '@modelcontextprotocol/sdk/validation/ajv';
import { AjvJsonSchemaValidator as Validator2 } from '@modelcontextprotocol/client/validators/ajv';

const here = dirname(fileURLToPath(import.meta.url));
const { formats } = JSON.parse(readFileSync(join(here, '../runtime/formats.json'), 'utf8'));

for (const [line, Validator] of [['1.x', Validator1], ['2.x', Validator2]]) {
  describe(`SDK ${line} client validator`, () => {
    const validator = new Validator();
    for (const [format, cases] of Object.entries(formats)) {
      it(`format "${format}"`, () => {
        const check = validator.getValidator({ type: 'object', properties: { value: { format } } });
        const wrong = cases.filter(([value, valid]) => check({ value }).valid !== valid);
        assert.deepEqual(wrong, [], `the client decides otherwise on these cases (value, expected)`);
      });
    }
  });
}

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { listRoutes, RouteInfo, routeName, PUBLIC_ROUTES } from '../support/routes';
import { startTestApp, TestApp } from '../support/test-app';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const COMMITTED = join(__dirname, '..', '..', 'openapi.json');
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const ERROR_REF = '#/components/schemas/ErrorResponseDto';

/** Enums the API exposes; each must be its own named component, so generated clients share one type. */
const NAMED_ENUMS = [
  'AllergyFindingMatch', 'AllergySeverity', 'AllergyStatus', 'AssetMaintenanceKind', 'AssetStatus', 'AssetStatusChange',
  'AuditChainBreakReason', 'AuditOutcome', 'ClinicKind', 'DispensingWarningCode', 'DocumentMimeType', 'DosageForm', 'DrugSchedule',
  'DuplicateTherapyReason', 'HealthStatus', 'Icd10SexRestriction', 'IdentityType', 'InventoryItemKind', 'JobName', 'JobRunResult',
  'JobRunStatus', 'JobRunTrigger', 'JurisdictionLevel', 'LabOrderStatus', 'PatientSex', 'PrescriptionSafetyFindingCode',
  'PrescriptionStatus', 'ReferralUrgency', 'StockAlertKind', 'StockAlertStatus', 'StockLocationKind', 'StockMovementKind',
  'StockWriteOffReason', 'TimelineKind', 'TriagePriority', 'VisitDisposition', 'VisitStage', 'VisitStatus',
];

interface Operation {
  name: string;
  path: string;
  method: string;
  op: Json;
}

function operations(doc: Json): Operation[] {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    HTTP_METHODS.filter((m) => item[m]).map((m) => ({ name: `${m.toUpperCase()} ${path}`, path, method: m.toUpperCase(), op: item[m] })),
  );
}

/** JSON paths at which two documents differ (at most `limit`), for a readable drift message. */
function differences(a: Json, b: Json, path = '$', out: string[] = [], limit = 25): string[] {
  if (out.length >= limit) return out;
  if (isDeepStrictEqual(a, b)) return out;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(key in a)) out.push(`${path}.${key}: only in the served spec`);
      else if (!(key in b)) out.push(`${path}.${key}: only in openapi.json`);
      else differences(a[key], b[key], `${path}.${key}`, out, limit);
      if (out.length >= limit) break;
    }
    return out;
  }
  out.push(`${path}: served ${JSON.stringify(b)?.slice(0, 80)}, committed ${JSON.stringify(a)?.slice(0, 80)}`);
  return out;
}

/**
 * Runs `SwaggerParser.validate` on a copy of the document. In a child Node process: swagger-parser's
 * resolver is an ES module, which Node (>= 20.19) can require but Jest's CommonJS runtime cannot.
 */
function validateWithSwaggerParser(doc: Json): { valid: boolean; message: string } {
  const script = `
    const SwaggerParser = require('@apidevtools/swagger-parser');
    let text = '';
    process.stdin.on('data', (c) => (text += c)).on('end', () => {
      SwaggerParser.validate(structuredClone(JSON.parse(text)))
        .then(() => { process.stdout.write('valid'); })
        .catch((error) => { process.stdout.write(String(error && error.message)); process.exitCode = 3; });
    });`;
  const child = spawnSync(process.execPath, ['-e', script], { input: JSON.stringify(doc), cwd: join(__dirname, '..', '..'), encoding: 'utf8', timeout: 30_000 });
  if (child.status !== 0 && child.status !== 3) throw new Error(`swagger-parser did not run: ${child.status} ${child.stderr}`);
  return { valid: child.status === 0 && child.stdout === 'valid', message: child.stdout };
}

/** Every schema object in the document, with where it is. */
function* schemas(node: Json, where: string): Generator<{ where: string; schema: Json }> {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* schemas(item, `${where}[${i}]`);
    return;
  }
  const looksLikeSchema = 'type' in node || '$ref' in node || 'enum' in node || 'allOf' in node || 'oneOf' in node || 'anyOf' in node || 'properties' in node;
  if (looksLikeSchema && typeof node.type !== 'object') yield { where, schema: node };
  for (const [key, value] of Object.entries(node)) {
    // `properties` maps names to schemas: a property called `type` or `enum` is not a keyword.
    if (key === 'example' || key === 'examples' || key === 'default') continue;
    yield* schemas(value, `${where}.${key}`);
  }
}

/** An object schema that says nothing about its content: useless to a generated client. */
function isBareObject(schema: Json): boolean {
  if (schema.type !== 'object') return false;
  if (schema.properties && Object.keys(schema.properties).length > 0) return false;
  const extra = schema.additionalProperties;
  if (extra && typeof extra === 'object' && ('$ref' in extra || 'type' in extra)) return false;
  return !schema.allOf && !schema.oneOf && !schema.anyOf;
}

describe('OpenAPI spec', () => {
  let t: TestApp;
  let served: Json;
  let routes: RouteInfo[];

  beforeAll(async () => {
    t = await startTestApp();
    served = (await t.http().get('/docs-json').expect(200)).body;
    routes = listRoutes(t.app);
  });
  afterAll(() => t.close());

  it('matches the committed openapi.json (no drift)', () => {
    const hint = 'openapi.json is out of date with the code: run `npm run migration:run && npm run openapi:export` and commit openapi.json';
    if (!existsSync(COMMITTED)) throw new Error(`openapi.json is missing at the repository root. ${hint}`);
    const committed = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    if (!isDeepStrictEqual(committed, served)) {
      throw new Error(`${hint}. First differences:\n  ${differences(committed, served).join('\n  ')}`);
    }
  });

  it('is a valid OpenAPI 3 document (swagger-parser)', () => {
    expect(served.openapi).toMatch(/^3\./);
    expect(validateWithSwaggerParser(served)).toEqual({ valid: true, message: 'valid' });
    // The check itself can fail: a dangling $ref is refused.
    const broken = structuredClone(served);
    broken.paths['/api/v1/users'].get.responses['401'].content['application/json'].schema.$ref = '#/components/schemas/NoSuchDto';
    expect(validateWithSwaggerParser(broken).valid).toBe(false);
  });

  it('documents every route of the application, and nothing else', () => {
    const documented = operations(served).map((o) => o.name).sort();
    const routed = routes.map((r) => `${r.method} ${r.openApiPath}`).sort();
    expect(documented).toEqual(routed);
  });

  it('gives every operation a unique operationId equal to its handler, a tag and a summary', () => {
    const ops = operations(served);
    const ids = ops.map((o) => o.op.operationId);
    expect(ids.filter((id) => typeof id !== 'string' || id.length === 0)).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const problems: string[] = [];
    for (const route of routes) {
      const op = served.paths[route.openApiPath]?.[route.method.toLowerCase()];
      if (!op) continue; // reported by the coverage test above
      if (op.operationId !== route.handler) problems.push(`${routeName(route)}: operationId ${op.operationId}, handler ${route.handler}`);
      if (!Array.isArray(op.tags) || op.tags.length === 0) problems.push(`${routeName(route)}: no tag`);
      if (typeof op.summary !== 'string' || op.summary.trim() === '') problems.push(`${routeName(route)}: no summary`);
    }
    expect(problems).toEqual([]);
    // One tag per bounded context (Identity today), plus the shared kernel's Audit and Health.
    const usedTags = [...new Set(ops.flatMap((o) => o.op.tags))].sort();
    expect(usedTags).toEqual(['Assets', 'Audit', 'Clinical Workflow', 'Health', 'ICD-10', 'Identity', 'Inventory', 'Inventory Alerts', 'Patients', 'Pharmacy', 'Prescriptions']);
    // Each tag is declared at the top level with a description, so the Swagger UI says what it is.
    const declared = (served.tags ?? []) as { name: string; description?: string }[];
    expect(declared.map((t) => t.name).sort()).toEqual(usedTags);
    expect(declared.filter((t) => typeof t.description !== 'string' || t.description.trim() === '').map((t) => t.name)).toEqual([]);
  });

  it('requires the bearer token on every operation except the public ones, as the guards do', () => {
    expect(served.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const problems: string[] = [];
    for (const route of routes) {
      const op = served.paths[route.openApiPath]?.[route.method.toLowerCase()];
      if (!op) continue;
      const name = `${route.method} ${route.path}`;
      const secured = Array.isArray(op.security) && op.security.some((s: Json) => 'bearer' in s);
      if (PUBLIC_ROUTES.includes(name) !== route.isPublic) problems.push(`${name}: public in code is ${route.isPublic}, expected the opposite`);
      if (route.isPublic && op.security !== undefined) problems.push(`${name}: public but documents security`);
      if (!route.isPublic && !secured) problems.push(`${name}: needs a token but documents no bearer security`);
      if (!route.isPublic && !op.responses['401']) problems.push(`${name}: needs a token but documents no 401`);
      if ((route.permissions ?? []).length > 0 && !op.responses['403']) problems.push(`${name}: needs ${route.permissions} but documents no 403`);
    }
    expect(problems).toEqual([]);
  });

  it('documents the status each operation succeeds with, with a typed body unless 204', () => {
    const problems: string[] = [];
    for (const route of routes) {
      const op = served.paths[route.openApiPath]?.[route.method.toLowerCase()];
      if (!op) continue;
      const success = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s));
      if (success.length !== 1 || Number(success[0]) !== route.successStatus) {
        problems.push(`${routeName(route)}: answers ${route.successStatus} but documents ${success.join(', ') || 'no success'}`);
        continue;
      }
      const response = op.responses[success[0]];
      // A JSON body, or a file download: binary content of the types it may have.
      const binary = Object.entries((response.content ?? {}) as Record<string, Json>).filter(([type]) => type !== 'application/json');
      const schema =
        response.content?.['application/json']?.schema ??
        (binary.length > 0 && binary.every(([, c]) => c.schema?.type === 'string' && c.schema?.format === 'binary') ? binary[0][1].schema : undefined);
      if (route.successStatus === 204) {
        if (response.content) problems.push(`${routeName(route)}: 204 with a body`);
      } else if (!schema || Object.keys(schema).length === 0) {
        problems.push(`${routeName(route)}: ${success[0]} has no response schema`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('documents the errors each operation can give, each with ErrorResponseDto', () => {
    const problems: string[] = [];
    for (const { name, path, op } of operations(served)) {
      const errors = Object.keys(op.responses).filter((s) => Number(s) >= 400);
      for (const status of errors) {
        const ref = op.responses[status].content?.['application/json']?.schema?.$ref;
        if (ref !== ERROR_REF) problems.push(`${name}: ${status} is not an ErrorResponseDto (${ref})`);
      }
      const hasInput = (op.parameters ?? []).length > 0 || op.requestBody !== undefined;
      if (hasInput && !op.responses['400']) problems.push(`${name}: takes input but documents no 400`);
      if (!hasInput && op.responses['400']) problems.push(`${name}: takes no input but documents a 400`);
      if (path.includes('{') && !op.responses['404']) problems.push(`${name}: addresses a record but documents no 404`);
      if (op.requestBody !== undefined && !errors.some((s) => s.startsWith('4'))) problems.push(`${name}: no 4xx`);
    }
    expect(problems).toEqual([]);
    expect(served.components.schemas.ErrorResponseDto).toMatchObject({
      required: expect.arrayContaining(['statusCode', 'error', 'message', 'requestId']),
    });
  });

  it('describes request bodies and responses with real schemas, never a bare object', () => {
    // The detector itself: a free-form object is bare, a map of typed values is not.
    expect(isBareObject({ type: 'object' })).toBe(true);
    expect(isBareObject({ type: 'object', additionalProperties: true })).toBe(true);
    expect(isBareObject({ type: 'object', additionalProperties: { $ref: ERROR_REF } })).toBe(false);
    const problems: string[] = [];
    for (const { name, op } of operations(served)) {
      // JSON, or a file upload (multipart/form-data) described by a named schema too.
      const bodySchema = op.requestBody?.content?.['application/json']?.schema ?? op.requestBody?.content?.['multipart/form-data']?.schema;
      if (op.requestBody && (!bodySchema || !bodySchema.$ref)) problems.push(`${name}: request body is not a named schema`);
      for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
        for (const [type, content] of Object.entries((response.content ?? {}) as Record<string, Json>)) {
          const schema = content.schema;
          if (!schema || Object.keys(schema).length === 0) problems.push(`${name} ${status} ${type}: empty schema`);
        }
      }
    }
    for (const { where, schema } of schemas(served, '$')) {
      if (isBareObject(schema)) problems.push(`${where}: bare {type: object}`);
      if (schema.type === 'array' && (!schema.items || Object.keys(schema.items).length === 0)) problems.push(`${where}: array without items`);
    }
    expect(problems).toEqual([]);
  });

  it('names every enum as its own component', () => {
    const inline: string[] = [];
    let enums = 0;
    for (const { where, schema } of schemas(served, '$')) {
      if (!('enum' in schema)) continue;
      enums += 1;
      if (!/^\$\.components\.schemas\.[A-Za-z0-9]+$/.test(where)) inline.push(where);
    }
    expect(inline).toEqual([]);
    expect(enums).toBeGreaterThanOrEqual(NAMED_ENUMS.length);
    const components = served.components.schemas as Record<string, Json>;
    for (const name of NAMED_ENUMS) {
      expect({ name, enum: Array.isArray(components[name]?.enum) }).toEqual({ name, enum: true });
    }
    // The query filter uses the same named enum as the entry it filters.
    const outcomeParam = served.paths['/api/v1/audit'].get.parameters.find((p: Json) => p.name === 'outcome');
    expect(outcomeParam.schema).toEqual({ $ref: '#/components/schemas/AuditOutcome' });
    expect(components.AuditOutcome.enum).toEqual(['success', 'failure', 'denied']);
  });

  it('resolves every $ref', () => {
    const missing: string[] = [];
    const visit = (node: Json, where: string) => {
      if (!node || typeof node !== 'object') return;
      if (typeof node.$ref === 'string') {
        const name = node.$ref.replace('#/components/schemas/', '');
        if (!served.components.schemas[name]) missing.push(`${where}: ${node.$ref}`);
      }
      for (const [k, v] of Object.entries(node)) visit(v, `${where}.${k}`);
    };
    visit(served.paths, '$.paths');
    visit(served.components, '$.components');
    expect(missing).toEqual([]);
  });
});

import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export const API_PREFIX = 'api/v1';

/**
 * The spec the staff portal's client is generated from. operationId is the controller method's
 * name (e.g. `createUser`), so method names are part of the API and must be unique.
 */
export function buildOpenApiDocument(app: INestApplication, version: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Mobile Clinic ERP API')
    .setDescription(
      'Backend of the mobile and fixed clinics: identity, patients, clinical workflow, pharmacy, inventory, routing, ' +
        'medical-aid sync and analytics. Every error has the body ErrorResponseDto.',
    )
    .setVersion(version)
    // One tag per bounded context; the shared kernel's audit trail and health checks have their own.
    .addTag('Identity', 'Identity context: staff users, roles and permissions, provinces, districts and clinics, sign-in and sessions')
    .addTag('Patients', 'Patients context: registration, medical-aid membership, contacts, the complete medical history, documents, timeline and summary')
    .addTag('Clinical Workflow', 'Clinical Workflow context: the five-stage visit, the queue, diagnoses, lab orders and referrals')
    .addTag('Inventory', 'Inventory context: items, suppliers, stock locations, batches, the append-only stock ledger, on-hand, stock value and stock-takes')
    .addTag('Inventory Alerts', 'Inventory context: low-stock, expiry, warranty and maintenance alerts, and the nightly job that raises them')
    .addTag('Assets', 'Inventory context: the equipment register, maintenance schedules and log, warranties and retirement')
    .addTag('Pharmacy', 'Pharmacy context: the drug catalogue and the controlled-drug register')
    .addTag('Prescriptions', 'Pharmacy context: prescriptions, prescribing safety checks and first-expiry-first-out dispensing')
    .addTag('ICD-10', 'ICD-10 diagnosis codes and the South African coding rules')
    .addTag('Audit', 'Shared kernel: search the tamper-evident audit trail and verify its hash chain')
    .addTag('Health', 'Shared kernel: liveness, readiness and detailed service health')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
  return sortKeys(document) as OpenAPIObject;
}

/** Sorted keys give stable diffs of the committed openapi.json. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

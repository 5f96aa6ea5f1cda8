import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { inTransaction } from '../common/database/transaction';
import { FieldError, NotFoundError, ValidationFailedError } from '../common/errors/domain-errors';
import { Page, pageOf } from '../common/pagination/pagination';
import { PatientHistoryService } from '../patients';
import { CancelLabOrderDto, LabOrderQueryDto, LabOrderResponseDto, LabResultDto, NewLabOrderDto, SpecimenCollectionDto, toLabOrderResponse } from './lab-order.dto';
import type { LabOrderEntity } from './lab-order.entity';
import { LabOrderRepository } from './lab-order.repository';
import { flagFor, LabOrderAction, labOrderTransition } from './order-workflow';
import { labOrderStatus } from './visit.errors';
import { VisitAccess } from './visit-access.service';
import { withResource } from './workflow-common';

/** Lab orders: ordered in a visit, then specimen collected, then resulted with values and the lab's report. */
@Injectable()
export class LabOrdersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: LabOrderRepository,
    private readonly access: VisitAccess,
    private readonly history: PatientHistoryService,
  ) {}

  /** Inserts orders for a visit inside the caller's transaction (a consultation's, or a single order's). */
  async create(manager: EntityManager, caller: AuthUser, visit: { id: string; patientId: string }, items: NewLabOrderDto[]): Promise<string[]> {
    const rows = items.map((item) => ({
      id: randomUUID(),
      visitId: visit.id,
      patientId: visit.patientId,
      testCode: item.testCode,
      testName: item.testName,
      priority: item.priority ?? 'routine',
      clinicalNotes: item.clinicalNotes ?? null,
      orderedBy: caller.id,
    }));
    await this.orders.insert(manager, rows);
    return rows.map((r) => r.id);
  }

  order(caller: AuthUser, visitId: string, dto: NewLabOrderDto): Promise<LabOrderResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const visit = await this.access.requireOpen(manager, caller, visitId);
      const [id] = await this.create(manager, caller, visit, [dto]);
      return this.read(manager, caller, id);
    });
  }

  collectSpecimen(caller: AuthUser, id: string, dto: SpecimenCollectionDto): Promise<LabOrderResponseDto> {
    return this.move(caller, id, 'collect_specimen', async (manager, order) =>
      this.orders.transition(manager, order.id, order.status, {
        status: 'specimen_collected',
        specimenType: dto.specimenType,
        collectedBy: caller.id,
        collectedAt: () => 'NOW(3)',
      }),
    );
  }

  recordResult(caller: AuthUser, id: string, dto: LabResultDto): Promise<LabOrderResponseDto> {
    throwIfProblems(resultProblems(dto));
    return this.move(caller, id, 'record_result', async (manager, order) => {
      if (dto.documentId) await this.requireDocument(manager, order.patientId, dto.documentId);
      const moved = await this.orders.transition(manager, order.id, order.status, {
        status: 'resulted',
        resultedBy: caller.id,
        resultedAt: () => 'NOW(3)',
        resultDocumentId: dto.documentId ?? null,
        resultSummary: dto.summary ?? null,
      });
      if (moved) {
        await this.orders.insertResults(
          manager,
          dto.results.map((r, position) => {
            const value = r.valueNumeric ?? null;
            const low = r.referenceLow ?? null;
            const high = r.referenceHigh ?? null;
            return {
              id: randomUUID(),
              labOrderId: order.id,
              position,
              analyte: r.analyte,
              valueNumeric: value === null ? null : String(value),
              valueText: r.valueText ?? null,
              unit: r.unit ?? null,
              referenceLow: low === null ? null : String(low),
              referenceHigh: high === null ? null : String(high),
              flag: r.flag ?? flagFor(value, low, high),
            };
          }),
        );
      }
      return moved;
    });
  }

  cancel(caller: AuthUser, id: string, dto: CancelLabOrderDto): Promise<LabOrderResponseDto> {
    return this.move(caller, id, 'cancel', (manager, order) =>
      this.orders.transition(manager, order.id, order.status, {
        status: 'cancelled',
        cancelledBy: caller.id,
        cancelledAt: () => 'NOW(3)',
        cancellationReason: dto.reason,
      }),
    );
  }

  async get(caller: AuthUser, id: string): Promise<LabOrderResponseDto> {
    return this.read(undefined, caller, id);
  }

  async list(caller: AuthUser, query: LabOrderQueryDto): Promise<Page<LabOrderResponseDto>> {
    const [rows, total] = await this.orders.list(this.access.visibleCondition(caller, 'l.patient_id'), {
      patientId: query.patientId,
      visitId: query.visitId,
      status: query.status,
      offset: query.offset,
      limit: query.perPage,
    });
    const results = await this.orders.results(rows.map((r) => r.id));
    return pageOf(
      rows.map((r) => toLabOrderResponse(r, results)),
      total,
      query,
    );
  }

  /** A visit's orders with their results, for the visit's own response. */
  async forVisit(visitId: string, manager?: EntityManager): Promise<LabOrderResponseDto[]> {
    const rows = await this.orders.forVisit(visitId, manager);
    const results = await this.orders.results(
      rows.map((r) => r.id),
      manager,
    );
    return rows.map((r) => toLabOrderResponse(r, results));
  }

  /**
   * One status move: the order must be visible and its status must allow the action (409 naming
   * what is allowed); the update is conditional on the status read, so of two racing moves one wins.
   */
  private move(caller: AuthUser, id: string, action: LabOrderAction, apply: (manager: EntityManager, order: LabOrderEntity) => Promise<boolean>) {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const order = await this.requireVisible(manager, caller, id);
      const check = labOrderTransition(order.status, action);
      if (!check.ok) throw withResource(labOrderStatus(check.message), id);
      if (!(await apply(manager, order))) {
        const now = await this.requireVisible(manager, caller, id);
        const again = labOrderTransition(now.status, action);
        throw withResource(labOrderStatus(again.ok ? 'The lab order was changed by someone else; reload it and try again' : again.message), id);
      }
      return this.read(manager, caller, id);
    });
  }

  private async read(manager: EntityManager | undefined, caller: AuthUser, id: string): Promise<LabOrderResponseDto> {
    const order = await this.requireVisible(manager, caller, id);
    return toLabOrderResponse(order, await this.orders.results([order.id], manager));
  }

  private async requireVisible(manager: EntityManager | undefined, caller: AuthUser, id: string): Promise<LabOrderEntity> {
    const order = await this.orders.findVisible(this.access.visibleCondition(caller, 'l.patient_id'), id, manager);
    if (!order) throw new NotFoundError('Lab order');
    return order;
  }

  /** The report must be one of this patient's documents; anything else is a bad field, not a 404 of the order. */
  private async requireDocument(manager: EntityManager, patientId: string, documentId: string): Promise<void> {
    try {
      await this.history.requireDocument(manager, patientId, documentId);
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new ValidationFailedError([{ field: 'documentId', message: "documentId does not name one of this patient's documents" }]);
      }
      throw error;
    }
  }
}

/** What a DTO cannot check: one value per analyte, and a range that is a range. */
function resultProblems(dto: LabResultDto): FieldError[] {
  return dto.results.flatMap((r, i) => {
    const problems: FieldError[] = [];
    if (r.valueNumeric !== undefined && r.valueText !== undefined) {
      problems.push({ field: `results.${i}.valueText`, message: 'Give valueNumeric or valueText, not both' });
    }
    if (r.referenceLow !== undefined && r.referenceHigh !== undefined && r.referenceLow > r.referenceHigh) {
      problems.push({ field: `results.${i}.referenceLow`, message: 'referenceLow must not exceed referenceHigh' });
    }
    return problems;
  });
}

function throwIfProblems(problems: FieldError[]): void {
  if (problems.length > 0) throw new ValidationFailedError(problems);
}

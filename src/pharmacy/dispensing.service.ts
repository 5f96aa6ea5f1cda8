import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { scopeCondition } from '../common/auth/jurisdiction';
import { Permission } from '../common/auth/permissions';
import { inTransaction } from '../common/database/transaction';
import { ValidationFailedError } from '../common/errors/domain-errors';
import { Page, pageOf } from '../common/pagination/pagination';
import { clinicToday } from '../common/time/clinic-date';
import { StockService } from '../inventory';
import {
  ControlledRegisterEntryDto,
  ControlledRegisterQueryDto,
  DispensePrescriptionDto,
  DispensingLineResponseDto,
  DispensingResponseDto,
  DispensingResultDto,
  DispensingShortfallDto,
  DispensingWarningDto,
} from './dispensing.dto';
import type { ControlledDrugRegisterEntity, DispensingLineEntity } from './dispensing.entity';
import { type DispensingLineRow, DispensingRepository, type DispensingRow, type RegisterRow } from './dispensing.repository';
import { parseFindings } from './prescription.dto';
import type { PrescriptionItemEntity } from './prescription.entity';
import {
  controlledDrugPermission,
  drugNotInCatalogue,
  insufficientStock,
  patientInactive,
  prescriptionCancelled,
  prescriptionDispensed,
  quantityExceedsRemaining,
  withResource,
} from './prescription.errors';
import { type DrugRow, PrescriptionRepository } from './prescription.repository';
import { deriveStatus, type ExpiryWarning, expiryWarnings, lineCost, planDispense } from './prescription-rules';
import { isControlledSchedule, type SafetyFinding } from './prescription-safety';
import { PrescriptionsService } from './prescriptions.service';
import { SafetyChecks, safetyRefusal } from './safety-checks.service';

/** The clinic columns a stock location's jurisdiction is read from. */
const CLINIC_SCOPE = { province: 'c.province_id', district: 'c.district_id', clinic: 'c.id' };

/** A finding counts as new at dispensing unless the same one was found (and overridden) when prescribing. */
const findingKey = (f: SafetyFinding) => (f.code === 'ALLERGY' ? `A:${f.allergyId}` : `D:${f.prescriptionItemId}`);

/**
 * Dispensing: fills a prescription fully or partly from a stock location, first expiry first out,
 * in one transaction with the stock ledger. The prescription row is locked first, so two
 * dispensings of one prescription run one after the other; stock rows are locked by Inventory's
 * takeFefo, so two prescriptions racing for the last units cannot both get them.
 */
@Injectable()
export class DispensingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly dispensings: DispensingRepository,
    private readonly prescriptionRows: PrescriptionRepository,
    private readonly prescriptions: PrescriptionsService,
    private readonly safety: SafetyChecks,
    private readonly stock: StockService,
  ) {}

  async dispense(caller: AuthUser, prescriptionId: string, dto: DispensePrescriptionDto): Promise<DispensingResultDto> {
    const { id, shortfalls } = await inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      await this.prescriptions.requireVisible(manager, caller, prescriptionId);
      await this.prescriptionRows.lock(manager, prescriptionId);
      // Read again under the lock: a dispensing that committed while we waited is now visible.
      const prescription = await this.prescriptions.requireVisible(manager, caller, prescriptionId);
      const location = await this.stock.findVisibleLocation(caller, dto.locationId, manager);
      const refuse = <E extends Error & { auditResourceId?: string }>(error: E) => withResource(error, prescriptionId);
      if (prescription.status === 'cancelled') throw refuse(prescriptionCancelled());
      if (prescription.status === 'dispensed') throw refuse(prescriptionDispensed('there is nothing left to dispense'));
      if (!(await this.prescriptions.isPatientActive(manager, caller, prescription.patientId))) throw refuse(patientInactive());

      const items = await this.prescriptionRows.items([prescriptionId], manager);
      const plan = planDispense(items, dto.items);
      if (!plan.ok) {
        if (plan.kind === 'invalid') throw new ValidationFailedError(plan.problems);
        if (plan.kind === 'not_in_catalogue') throw refuse(drugNotInCatalogue(plan.problems));
        if (plan.kind === 'nothing_remaining') throw refuse(prescriptionDispensed('there is nothing left to dispense'));
        throw refuse(quantityExceedsRemaining(plan.problems));
      }
      const drugs = await this.prescriptionRows.drugs(
        plan.lines.map((l) => l.item.drugId!),
        manager,
      );
      const lines = plan.lines.map((l, i) => ({ ...l, drug: drugs.get(l.item.drugId!)!, field: dto.items ? `items.${i}` : `items.${l.item.position}` }));
      if (lines.some((l) => isControlledSchedule(l.drug.schedule)) && !caller.permissions.has(Permission.PharmacyDispenseControlled)) {
        throw refuse(controlledDrugPermission());
      }

      const today = clinicToday();
      await this.recheckSafety(manager, prescription.patientId, today, items, lines, dto.overrideReason);

      // Take stock in one order (by inventory item) so that two dispensings never lock in opposite orders.
      const id = randomUUID();
      const taken = new Map<string, Awaited<ReturnType<StockService['takeFefo']>>>();
      for (const line of [...lines].sort((a, b) => a.drug.inventory_item_id.localeCompare(b.drug.inventory_item_id) || a.item.position - b.item.position)) {
        taken.set(
          line.item.id,
          await this.stock.takeFefo(manager, {
            locationId: location.id,
            itemId: line.drug.inventory_item_id,
            quantity: line.quantity,
            kind: 'dispense',
            today,
            performedBy: caller.id,
            transactionId: id,
            referenceType: 'dispensing',
            referenceId: id,
          }),
        );
      }
      if (lines.every((l) => taken.get(l.item.id)!.taken === 0)) {
        throw refuse(insufficientStock(lines.map((l) => ({ field: l.field, message: `No usable stock of ${l.drug.generic_name} ${l.drug.strength} at ${location.name}` }))));
      }

      const lineRows: (Omit<DispensingLineEntity, 'dispensing' | 'prescriptionItem' | 'drug' | 'batch' | 'movement'> & { inventoryItemId: string })[] = [];
      const warnings: ExpiryWarning[] = [];
      const shortfalls: DispensingShortfallDto[] = [];
      for (const line of lines) {
        const { picks, taken: count } = taken.get(line.item.id)!;
        if (count < line.quantity) shortfalls.push({ prescriptionItemId: line.item.id, requested: line.quantity, dispensed: count });
        if (count === 0) continue;
        if (!(await this.prescriptionRows.addDispensed(manager, line.item.id, count))) throw new Error('Prescription item changed under its lock');
        line.item.quantityDispensed += count;
        warnings.push(...expiryWarnings(line.item.id, line.item.courseEndDate, picks));
        for (const pick of picks) {
          lineRows.push({
            id: randomUUID(),
            dispensingId: id,
            prescriptionItemId: line.item.id,
            drugId: line.drug.id,
            batchId: pick.batchId,
            quantity: pick.quantity,
            unitCost: pick.unitCost,
            lineCost: lineCost(pick.unitCost, pick.quantity),
            movementId: pick.movementId,
            inventoryItemId: line.drug.inventory_item_id,
          });
        }
      }
      const register = await this.registerEntries(manager, {
        lines: lineRows.filter((r) => isControlledSchedule(drugs.get(r.drugId)?.schedule)),
        patientId: prescription.patientId,
        prescriptionId,
        locationId: location.id,
        prescribedBy: prescription.prescribedBy,
        dispensedBy: caller.id,
        today,
      });
      await this.dispensings.insert(
        manager,
        {
          id,
          prescriptionId,
          locationId: location.id,
          dispensedBy: caller.id,
          overrideReason: dto.overrideReason ?? null,
          warnings: warnings.length > 0 ? JSON.stringify(warnings) : null,
        },
        lineRows.map(({ inventoryItemId: _, ...row }) => row),
        register,
      );
      await this.prescriptionRows.setStatus(manager, prescriptionId, deriveStatus(prescription.status, items));
      return { id, shortfalls };
    });
    // Read back after the commit: the drug's on-hand rows stay locked until then, and every
    // dispensing of the same drug at the location waits for them.
    const [dispensing] = await this.read(undefined, prescriptionId, id);
    return { ...dispensing, shortfalls, prescription: await this.prescriptions.read(undefined, caller, prescriptionId) };
  }

  async list(caller: AuthUser, prescriptionId: string): Promise<DispensingResponseDto[]> {
    await this.prescriptions.requireVisible(undefined, caller, prescriptionId);
    return this.read(undefined, prescriptionId);
  }

  async controlledRegister(caller: AuthUser, query: ControlledRegisterQueryDto): Promise<Page<ControlledRegisterEntryDto>> {
    if (query.from && query.to && query.from > query.to) throw new ValidationFailedError([{ field: 'to', message: 'to must be on or after from' }]);
    if (query.locationId) await this.stock.findVisibleLocation(caller, query.locationId);
    const [rows, total] = await this.dispensings.register(scopeCondition(caller.scope, CLINIC_SCOPE), {
      locationId: query.locationId,
      drugId: query.drugId,
      fromUtc: query.from ? clinicDayStart(query.from, 0) : undefined,
      toUtc: query.to ? clinicDayStart(query.to, 1) : undefined,
      offset: query.offset,
      limit: query.perPage,
    });
    return pageOf(rows.map(toRegisterEntry), total, query);
  }

  /**
   * Allergies recorded and therapy started since the prescription was written: refused unless the
   * dispenser gives a reason. Findings the prescriber already overrode are not asked about again.
   */
  private async recheckSafety(
    manager: EntityManager,
    patientId: string,
    today: string,
    items: PrescriptionItemEntity[],
    lines: { item: PrescriptionItemEntity; drug: DrugRow; field: string }[],
    overrideReason: string | undefined,
  ): Promise<void> {
    const findings = await this.safety.check(
      manager,
      patientId,
      today,
      lines.map((l) => ({ field: l.field, prescriptionItemId: l.item.id, drug: l.drug })),
      items.map((i) => i.id),
    );
    const fresh = lines.map((l, i) => {
      const known = new Set(parseFindings(l.item.safetyFindings).map(findingKey));
      return { field: l.field, findings: findings[i].filter((f) => !known.has(findingKey(f))), overridden: !!overrideReason };
    });
    const refusal = safetyRefusal(fresh, 'Dispensing');
    if (refusal) throw refusal;
  }

  /**
   * One register row per line of a schedule 5 or 6 drug, with the drug's on-hand at the location
   * after that line: the balance after the whole dispensing, plus what later lines of the same drug took.
   */
  private async registerEntries(
    manager: EntityManager,
    input: {
      lines: { id: string; drugId: string; batchId: string; quantity: number; inventoryItemId: string }[];
      patientId: string;
      prescriptionId: string;
      locationId: string;
      prescribedBy: string;
      dispensedBy: string;
      today: string;
    },
  ): Promise<Omit<ControlledDrugRegisterEntity, 'dispensingLine' | 'drug' | 'patient' | 'prescription' | 'batch' | 'location' | 'prescribedByUser' | 'dispensedByUser' | 'createdAt'>[]> {
    const balances = new Map<string, number>();
    for (const itemId of new Set(input.lines.map((l) => l.inventoryItemId))) {
      balances.set(itemId, await this.stock.onHand(manager, input.locationId, itemId));
    }
    const rows = [];
    for (const line of [...input.lines].reverse()) {
      const balance = balances.get(line.inventoryItemId)!;
      rows.unshift({
        id: randomUUID(),
        dispensingLineId: line.id,
        drugId: line.drugId,
        patientId: input.patientId,
        prescriptionId: input.prescriptionId,
        batchId: line.batchId,
        locationId: input.locationId,
        quantity: line.quantity,
        balanceAfter: balance,
        prescribedBy: input.prescribedBy,
        dispensedBy: input.dispensedBy,
      });
      balances.set(line.inventoryItemId, balance + line.quantity);
    }
    return rows;
  }

  private async read(manager: EntityManager | undefined, prescriptionId: string, dispensingId?: string): Promise<DispensingResponseDto[]> {
    const rows = await this.dispensings.dispensings(prescriptionId, manager, dispensingId);
    const lines = await this.dispensings.lines(
      rows.map((r) => r.id),
      manager,
    );
    return rows.map((r) => toDispensingResponse(r, lines.filter((l) => l.dispensing_id === r.id)));
  }
}

/** 00:00 in the clinics' calendar (SAST, UTC+2 all year) of `date` plus `days`, as a UTC instant. */
function clinicDayStart(date: string, days: number): Date {
  const start = new Date(`${date}T00:00:00+02:00`);
  start.setUTCDate(start.getUTCDate() + days);
  return start;
}

function parseWarnings(json: string | null): DispensingWarningDto[] {
  if (!json) return [];
  try {
    const parsed = JSON.parse(json) as unknown;
    return Array.isArray(parsed) ? (parsed as DispensingWarningDto[]) : [];
  } catch {
    return [];
  }
}

function toLine(l: DispensingLineRow): DispensingLineResponseDto {
  return {
    id: l.id,
    prescriptionItemId: l.prescription_item_id,
    drugId: l.drug_id,
    batchId: l.batch_id,
    lotNumber: l.lot_number,
    expiryDate: l.expiry_date,
    quantity: Number(l.quantity),
    unitCost: l.unit_cost,
    lineCost: l.line_cost,
    movementId: l.movement_id,
  };
}

function sumCosts(costs: string[]): string {
  const total = costs.reduce((sum, c) => sum + BigInt(c.replace('.', '')), 0n).toString().padStart(5, '0');
  return `${total.slice(0, -4)}.${total.slice(-4)}`;
}

export function toDispensingResponse(r: DispensingRow, lines: DispensingLineRow[]): DispensingResponseDto {
  return {
    id: r.id,
    prescriptionId: r.prescription_id,
    locationId: r.location_id,
    locationName: r.location_name,
    dispensedBy: r.dispensed_by,
    dispensedByName: r.dispensed_by_name,
    dispensedAt: new Date(r.dispensed_at).toISOString(),
    overrideReason: r.override_reason,
    lines: lines.map(toLine),
    totalCost: sumCosts(lines.map((l) => l.line_cost)),
    warnings: parseWarnings(r.warnings),
  };
}

function toRegisterEntry(r: RegisterRow): ControlledRegisterEntryDto {
  return {
    id: r.id,
    recordedAt: new Date(r.created_at).toISOString(),
    drugId: r.drug_id,
    drugCode: r.drug_code,
    drugName: r.drug_name,
    strength: r.strength,
    schedule: r.schedule,
    patientId: r.patient_id,
    prescriptionId: r.prescription_id,
    dispensingId: r.dispensing_id,
    batchId: r.batch_id,
    lotNumber: r.lot_number,
    locationId: r.location_id,
    locationName: r.location_name,
    quantity: Number(r.quantity),
    balanceAfter: Number(r.balance_after),
    prescribedBy: r.prescribed_by,
    prescribedByName: r.prescribed_by_name,
    dispensedBy: r.dispensed_by,
    dispensedByName: r.dispensed_by_name,
  };
}


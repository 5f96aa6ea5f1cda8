import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { PatientsService } from '../patients';
import { visitNotFound, visitNotOpen } from './visit.errors';
import type { VisitEntity } from './visit.entity';
import { NamedCondition, VisitRepository } from './visit.repository';

/**
 * Who sees which visit: a visit (and its orders) is visible exactly when its patient is, by the
 * Patients context's data scope, put into the WHERE clause. Anything else reads as not found.
 */
@Injectable()
export class VisitAccess {
  constructor(
    private readonly patients: PatientsService,
    private readonly visits: VisitRepository,
  ) {}

  visibleCondition(caller: AuthUser, patientIdColumn: string): NamedCondition {
    return this.patients.visibleCondition(caller, patientIdColumn);
  }

  async findVisible(caller: AuthUser, id: string, manager?: EntityManager): Promise<VisitEntity> {
    const visit = await this.visits.findVisible(this.visibleCondition(caller, 'v.patient_id'), id, manager);
    if (!visit) throw visitNotFound();
    return visit;
  }

  /** For adding to a visit (notes, vitals, orders): visible, in progress, and not being closed right now. */
  async requireOpen(manager: EntityManager, caller: AuthUser, id: string): Promise<VisitEntity> {
    const visit = await this.findVisible(caller, id, manager);
    const status = await this.visits.lockStatus(manager, id);
    if (status !== 'in_progress') {
      const error = visitNotOpen(status ?? visit.status);
      error.auditResourceId = id;
      throw error;
    }
    return visit;
  }
}

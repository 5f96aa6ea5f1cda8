import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { inTransaction } from '../common/database/transaction';
import { NotFoundError } from '../common/errors/domain-errors';
import { Page, pageOf } from '../common/pagination/pagination';
import { referralTransition, ReferralType } from './order-workflow';
import { NewReferralDto, PsychosocialReferralDto, ReferralQueryDto, ReferralResponseDto, toReferralResponse, UpdateReferralStatusDto } from './referral.dto';
import type { ReferralEntity } from './referral.entity';
import { ReferralRepository } from './referral.repository';
import { referralStatus } from './visit.errors';
import { VisitAccess } from './visit-access.service';
import { withResource } from './workflow-common';

/** Referrals made in a visit (internal, external, psychosocial) and their status as the receiving side responds. */
@Injectable()
export class ReferralsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referrals: ReferralRepository,
    private readonly access: VisitAccess,
  ) {}

  /** Inserts referrals (pending, with their first history row) inside the caller's transaction. */
  async create(
    manager: EntityManager,
    caller: AuthUser,
    visit: { id: string; patientId: string },
    items: (PsychosocialReferralDto & { type: ReferralType })[],
  ): Promise<string[]> {
    const rows = items.map((item) => ({
      id: randomUUID(),
      visitId: visit.id,
      patientId: visit.patientId,
      type: item.type,
      urgency: item.urgency,
      toFacility: item.toFacility,
      specialty: item.specialty ?? null,
      reason: item.reason,
      status: 'pending' as const,
      referredBy: caller.id,
    }));
    await this.referrals.insert(
      manager,
      rows,
      rows.map((r) => ({ id: randomUUID(), referralId: r.id, fromStatus: null, toStatus: 'pending' as const, changedBy: caller.id })),
    );
    return rows.map((r) => r.id);
  }

  refer(caller: AuthUser, visitId: string, dto: NewReferralDto): Promise<ReferralResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const visit = await this.access.requireOpen(manager, caller, visitId);
      const [id] = await this.create(manager, caller, visit, [dto]);
      return this.read(manager, caller, id);
    });
  }

  /** A status change, conditional on the status read: of two racing changes one wins, the other gets 409. */
  updateStatus(caller: AuthUser, id: string, dto: UpdateReferralStatusDto): Promise<ReferralResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const referral = await this.requireVisible(manager, caller, id);
      const check = referralTransition(referral.status, dto.status);
      if (!check.ok) throw withResource(referralStatus(check.message), id);
      if (!(await this.referrals.transition(manager, id, referral.status, dto.status))) {
        const now = await this.requireVisible(manager, caller, id);
        const again = referralTransition(now.status, dto.status);
        throw withResource(referralStatus(again.ok ? 'The referral was changed by someone else; reload it and try again' : again.message), id);
      }
      await this.referrals.insertChange(manager, {
        id: randomUUID(),
        referralId: id,
        fromStatus: referral.status,
        toStatus: dto.status,
        note: dto.note ?? null,
        changedBy: caller.id,
      });
      return this.read(manager, caller, id);
    });
  }

  get(caller: AuthUser, id: string): Promise<ReferralResponseDto> {
    return this.read(undefined, caller, id);
  }

  async list(caller: AuthUser, query: ReferralQueryDto): Promise<Page<ReferralResponseDto>> {
    const [rows, total] = await this.referrals.list(this.access.visibleCondition(caller, 'r.patient_id'), {
      patientId: query.patientId,
      visitId: query.visitId,
      status: query.status,
      offset: query.offset,
      limit: query.perPage,
    });
    const changes = await this.referrals.changes(rows.map((r) => r.id));
    return pageOf(
      rows.map((r) => toReferralResponse(r, changes)),
      total,
      query,
    );
  }

  async forVisit(visitId: string, manager?: EntityManager): Promise<ReferralResponseDto[]> {
    const rows = await this.referrals.forVisit(visitId, manager);
    const changes = await this.referrals.changes(
      rows.map((r) => r.id),
      manager,
    );
    return rows.map((r) => toReferralResponse(r, changes));
  }

  private async read(manager: EntityManager | undefined, caller: AuthUser, id: string): Promise<ReferralResponseDto> {
    const referral = await this.requireVisible(manager, caller, id);
    return toReferralResponse(referral, await this.referrals.changes([id], manager));
  }

  private async requireVisible(manager: EntityManager | undefined, caller: AuthUser, id: string): Promise<ReferralEntity> {
    const referral = await this.referrals.findVisible(this.access.visibleCondition(caller, 'r.patient_id'), id, manager);
    if (!referral) throw new NotFoundError('Referral');
    return referral;
  }
}

import { Migration } from '@mikro-orm/migrations';
import { LEAVE_KINDS } from '../domain/carehome/leave';
import { alterTable } from './schema';

/** A resident away with the bed kept is on leave (请假) or in hospital (住院); the leaves recorded so far were leave. */
export class Migration20261207000002_carehome_hospital_days extends Migration {
  async up(): Promise<void> {
    alterTable(this, 'carehome_leave', (t) => {
      t.enum('kind', LEAVE_KINDS).notNullable().defaultTo('leave');
    });
  }
}

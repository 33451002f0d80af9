import { Migration } from '@mikro-orm/migrations';
import { uuidv7 } from 'uuidv7';

const COST_MODEL_COLUMNS = [
  'site_id',
  'effective_from',
  'unit',
  ...['materials', 'labour', 'utilities', 'consumables', 'space', 'depreciation', 'overhead'].map((c) => `${c}_fen`),
  'margin_floor',
  'margin_target',
  'margin_cap',
  'price_step_fen',
  'min_price_fen',
  'price_rounding',
  'operator_party_id',
  'resident_party_id',
  'created_at',
];
const RULE_COLUMNS = ['site_id', 'party_id', 'mechanism', 'label_zh', 'label_en', 'effective_from', 'effective_to', 'settings', 'created_at'];
const DISABLED = 'carehome.bed.disabled';
const SPECIAL = 'carehome.bed.special_care';

/** The tier a level was billed on until now (bedTierOf then): by the heaviest grade it cares for. */
const tierOf = (grades: string[]) => (grades.every((g) => g === 'intact') ? 'self_care' : grades.every((g) => g === 'intact' || g === 'mild') ? 'semi_disabled' : 'disabled');
const q = (column: string) => `\`${column}\``;

/**
 * A care level no longer carries a monthly price: it names the cost-sharing line its bed-days
 * are priced on, the one price there is. Stored settings name the line each level was billed on
 * (carehome.bed.<its tier>), so nothing billed changes. The defaults now price 特护 on a line of
 * its own, carehome.bed.special_care: a site that priced the 失能 line gets it as a copy of that
 * line (cost model versions and contributions), so its 特护 residents bill as before until the
 * site prices the line apart.
 */
export class Migration20261208000001_carehome_level_lines extends Migration {
  async up(): Promise<void> {
    const sets = await this.execute('select `id`, `settings` from `carehome_rule_set` where `settings` is not null');
    for (const set of sets) {
      const settings = (typeof set.settings === 'string' ? JSON.parse(set.settings) : set.settings) as { careLevels: { grades: string[]; monthlyPriceFen?: number; serviceLine?: string }[] };
      const careLevels = settings.careLevels.map(({ monthlyPriceFen: _price, ...level }) => ({ ...level, serviceLine: level.serviceLine ?? `carehome.bed.${tierOf(level.grades)}` }));
      await this.execute('update `carehome_rule_set` set `settings` = ? where `id` = ?', [JSON.stringify({ ...settings, careLevels }), set.id]);
    }
    const priced = await this.execute('select distinct `site_id` from `cost_model_version` where `service_line` = ?', [SPECIAL]);
    const skip = new Set(priced.map((r) => r.site_id as string));
    const copy = async (table: string, columns: string[]) => {
      const rows = await this.execute(`select \`id\`, \`site_id\` from ${q(table)} where \`service_line\` = ? order by \`id\``, [DISABLED]);
      for (const row of rows.filter((r) => !skip.has(r.site_id as string))) {
        const list = columns.map(q).join(', ');
        await this.execute(`insert into ${q(table)} (\`id\`, \`service_line\`, ${list}) select ?, ?, ${list} from ${q(table)} where \`id\` = ?`, [uuidv7(), SPECIAL, row.id]);
      }
    };
    await copy('cost_model_version', COST_MODEL_COLUMNS);
    await copy('contribution_rule', RULE_COLUMNS);
  }
}

import { Migration } from '@mikro-orm/migrations';
import { clashingUsernames, normaliseUsername } from '../domain/shared/username';

/** Login names stored normalised, as the app now stores, looks up and limits them. */
export class Migration20261204000002_usernames extends Migration {
  async up(): Promise<void> {
    const users = (await this.execute('select `id`, `username` from `app_user`')) as { id: string; username: string }[];
    // Which of two accounts keeps a name they now share is a person's decision, not a migration's.
    const clashes = clashingUsernames(users.map((u) => u.username));
    if (clashes.length) {
      throw new Error(`Login names that differ only by case, width or spaces around them: ${clashes.map((names) => names.map((n) => JSON.stringify(n)).join(' = ')).join('; ')}. Rename all but one of each, then start again.`);
    }
    for (const u of users) {
      const name = normaliseUsername(u.username);
      if (name !== u.username) this.addSql(this.getKnex()('app_user').update({ username: name }).where({ id: u.id }));
    }
  }
}

import type { Role } from './roles';

export const LOGIN_OUTCOMES = ['success', 'failure'] as const;
export type LoginOutcome = (typeof LOGIN_OUTCOMES)[number];

/** One login attempt as the audit log shows it to admins. */
export interface LoginEvent {
  id: string;
  /** An ISO instant. */
  at: string;
  outcome: LoginOutcome;
  /** The name tried, as looked up (normalised). */
  username: string | null;
  /** The user the name belongs to; null for a name nobody has. */
  userId: string | null;
  displayName: string | null;
  role: Role | null;
  /** The address the attempt came from. */
  ip: string | null;
}

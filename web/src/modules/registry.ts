/**
 * The six service modules, named as in domain/ and api/modules/. The shell builds its
 * navigation, home cards and routes from this list, filtered by the user's `modules`.
 */
import type { Component } from 'vue';
import { House, KnifeFork, Lollipop, PieChart, Reading, Tickets } from '@element-plus/icons-vue';

export const MODULE_KEYS = ['canteen', 'childcare', 'carehome', 'afterschool', 'costsharing', 'reconciliation'] as const;
export type ModuleKey = (typeof MODULE_KEYS)[number];

export interface ModuleDescriptor {
  key: ModuleKey;
  /** Route path, e.g. `/canteen`. */
  path: `/${ModuleKey}`;
  icon: Component;
}

export const MODULES: readonly ModuleDescriptor[] = [
  { key: 'canteen', path: '/canteen', icon: KnifeFork },
  { key: 'childcare', path: '/childcare', icon: Lollipop },
  { key: 'carehome', path: '/carehome', icon: House },
  { key: 'afterschool', path: '/afterschool', icon: Reading },
  { key: 'costsharing', path: '/costsharing', icon: PieChart },
  { key: 'reconciliation', path: '/reconciliation', icon: Tickets },
];

export function isModuleKey(value: unknown): value is ModuleKey {
  return typeof value === 'string' && (MODULE_KEYS as readonly string[]).includes(value);
}

/** The user's modules in the fixed display order, unknown names dropped. */
export function modulesFor(keys: readonly string[]): ModuleDescriptor[] {
  return MODULES.filter((m) => keys.includes(m.key));
}

/**
 * Routes and the one navigation guard:
 * - waits for the session check (`/auth/me`) once at start-up;
 * - if that check failed (not a 401), lets the navigation through: App shows an error with retry;
 * - unauthenticated → /login?redirect=<intended path>; signed in on /login → home;
 * - a module the role may not open, or a page needing an action it does not hold → the forbidden page.
 */
import { createRouter, createWebHistory, type RouteLocationRaw, type RouteRecordRaw } from 'vue-router';
import { useSessionStore } from '@/stores/session';
import { MODULES, type ModuleKey } from '@/modules/registry';
import { safeRedirect } from '@/modules/auth/useLogin';
import TheShell from '@/components/TheShell.vue';
import LoginPage from '@/modules/auth/LoginPage.vue';
import HomePage from '@/pages/HomePage.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean;
    /** The module a signed-in user must be allowed to open. */
    module?: ModuleKey;
    /** The action (api/auth/permissions.ts) a signed-in user must hold, for pages outside the modules. */
    action?: string;
    /** i18n key of the page title (document.title). */
    titleKey?: string;
  }
}

const modulePages: Record<ModuleKey, () => Promise<unknown>> = {
  canteen: () => import('@/modules/canteen/CanteenPage.vue'),
  childcare: () => import('@/modules/childcare/ChildcarePage.vue'),
  carehome: () => import('@/modules/carehome/CarehomePage.vue'),
  afterschool: () => import('@/modules/afterschool/AfterschoolPage.vue'),
  costsharing: () => import('@/modules/costsharing/CostsharingPage.vue'),
  reconciliation: () => import('@/modules/reconciliation/ReconciliationPage.vue'),
};

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: LoginPage, meta: { public: true, titleKey: 'auth.title' } },
  {
    path: '/',
    component: TheShell,
    children: [
      { path: '', name: 'home', component: HomePage, meta: { titleKey: 'shell.home' } },
      ...MODULES.map(
        (m): RouteRecordRaw => ({
          path: m.path.slice(1),
          name: m.key,
          component: modulePages[m.key],
          meta: { module: m.key, titleKey: `modules.${m.key}.title` },
        }),
      ),
      { path: 'audit', name: 'audit', component: () => import('@/modules/audit/AuditPage.vue'), meta: { action: 'audit.read', titleKey: 'audit.title' } },
      { path: 'forbidden', name: 'forbidden', component: () => import('@/pages/ForbiddenPage.vue'), meta: { titleKey: 'forbidden.title' } },
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('@/pages/NotFoundPage.vue'), meta: { titleKey: 'notFound.title' } },
    ],
  },
];

/** Where to send someone who needs to log in first, remembering where they were going. */
export function loginLocation(intended: string): RouteLocationRaw {
  return intended && intended !== '/' ? { name: 'login', query: { redirect: intended } } : { name: 'login' };
}

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

router.beforeEach(async (to) => {
  const session = useSessionStore();
  await session.boot();
  if (session.status === 'error') return true;

  if (to.meta.public) {
    if (to.name === 'login' && session.isAuthenticated) return safeRedirect(to.query.redirect) ?? { name: 'home' };
    return true;
  }
  if (!session.isAuthenticated) return loginLocation(to.fullPath);
  if (to.meta.module && !session.canOpen(to.meta.module)) return { name: 'forbidden' };
  if (to.meta.action && !session.can(to.meta.action)) return { name: 'forbidden' };
  return true;
});

import { memberRoutes } from './members.routes';
import { orderRoutes } from './orders.routes';
import { planRoutes } from './plans.routes';

/** The canteen's routes: members and wallets, calendar and plans, orders and reports. */
export const canteenRoutes = [...memberRoutes, ...planRoutes, ...orderRoutes];

/**
 * Element Plus service APIs are not components, so the on-demand resolver does not see them:
 * import them (and their CSS) from here.
 */
import 'element-plus/es/components/message/style/css';

export { ElMessage } from 'element-plus';

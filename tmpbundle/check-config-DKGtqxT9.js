export { t as checkConfigCommand } from "./check-config-CJBHQq88.js";

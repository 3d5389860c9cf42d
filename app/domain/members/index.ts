export * from "./id-number";
export * from "./register";
export * from "./person";
export * from "./forms";
export * from "./view";

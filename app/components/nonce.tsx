import { createContext, useContext } from "react";

/**
 * This response's CSP nonce, for Remix's inline scripts. Set by entry.server.tsx; empty in the
 * browser (browsers hide nonces from the DOM, and hydration adds no inline scripts).
 */
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);

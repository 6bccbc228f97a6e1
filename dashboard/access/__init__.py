"""Who the visitor is and what they may do: sign-in, sessions, security headers, the reading policy and the write
gate."""

//! Stage 4, `detect`: what recurs, how it changes over time, and what signals danger.

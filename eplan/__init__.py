"""E-Plan: anti-corruption action plans of Thai local government (แผนปฏิบัติการป้องกันการทุจริตของ อปท.)."""

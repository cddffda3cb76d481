# Sourced by the Prepare action's first step: what it defines stays in the action's shell for later steps.
app_name() { echo quickstart; }
build_number() { date +%Y%m%d; }

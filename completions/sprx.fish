# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_sprx_global_optspecs
    string join \n C/casebook= wide h/help V/version
end

function __fish_sprx_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_sprx_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_sprx_using_subcommand
    set -l cmd (__fish_sprx_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c sprx -n "__fish_sprx_needs_command" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_needs_command" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_needs_command" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_needs_command" -s V -l version -d 'Print version'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "init" -d 'Make a new casebook (git init if needed, sprx.toml, first commit)'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "create" -d 'Record a new referral; prints its ID'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "triage" -d 'Accept or decline a new referral'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "plan" -d 'Agree or update the person\'s plan; the first plan makes the referral active'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "contact" -d 'Log a contact or attempted contact'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "measure" -d 'Record a wellbeing measure (ONS4, SWEMWBS, WEMWBS, UCLA-3)'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "close" -d 'Close the episode with its outcome'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "reopen" -d 'Reopen a closed or declined referral as a new episode'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "person" -d 'Add or change equality monitoring and GP consent for a referral\'s person'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "show" -d 'Show one referral with derived values (age, scores, flags)'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "caseload" -d 'Open referrals needing attention, most urgent first'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "agenda" -d 'What is due or overdue in the next days, each with the command to run'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "find" -d 'Find referrals by name, NHS number, phone, email or notes'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "report" -d 'Aggregate outcome figures for a period (no personal data)'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "list" -d 'List referrals, filtered'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "history" -d 'The commits that changed a referral'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "retention" -d 'Referrals kept past the retention period, due for erasure'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "erase" -d 'Erase people from the whole history, keeping every aggregate figure'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "edit" -d 'Edit a referral in $EDITOR; committed only if it passes the checks'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "check" -d 'Validate every file in the casebook; path:line:col: message per problem'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "migrate" -d 'Bring every record up to date in one commit: version 1 records rewritten as schema 2, and records moved into their folders of a hundred'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "import" -d 'Import referrals from a spreadsheet (CSV, XLSX, XLS or ODS), in one commit'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "service" -d 'The community services directory: add, list, show, edit, retire, import'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "suggest" -d 'Active services matching a referral\'s needs and the person\'s age'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "letter" -d 'The message back to the GP and referrer, with the SNOMED CT codes to record'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "export" -d 'Exports: SNOMED CT coded events for GP records, everything held about a person'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "sync" -d 'Fetch, integrate and push through a git remote, renumbering clashing new IDs'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "demo" -d 'Build a casebook from bundled example data and show it'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "completions" -d 'Print shell completions (bash, zsh, fish, elvish, powershell)'
complete -c sprx -n "__fish_sprx_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sprx -n "__fish_sprx_using_subcommand init" -l name -d 'The casebook\'s name, e.g. "Riverside PCN social prescribing"' -r
complete -c sprx -n "__fish_sprx_using_subcommand init" -l prefix -d 'The ID prefix (default SP): IDs are PREFIX-YEAR-NNNN' -r
complete -c sprx -n "__fish_sprx_using_subcommand init" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand init" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand init" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand create" -l from -d 'Read the referral (person and referral sections) from a YAML file, or - for stdin' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand create" -l name -d 'The person\'s name' -r
complete -c sprx -n "__fish_sprx_using_subcommand create" -l dob -d 'Date of birth' -r
complete -c sprx -n "__fish_sprx_using_subcommand create" -l source -d 'Where the referral came from (gp, pharmacy, self, …)' -r
complete -c sprx -n "__fish_sprx_using_subcommand create" -l need -d 'A need (repeat for several): loneliness, mental-wellbeing, …' -r
complete -c sprx -n "__fish_sprx_using_subcommand create" -l referrer -d 'Who referred, e.g. "Dr A Smith, Riverside Surgery"' -r
complete -c sprx -n "__fish_sprx_using_subcommand create" -l nhs-number -d 'NHS number (10 digits, spaces allowed)' -r
complete -c sprx -n "__fish_sprx_using_subcommand create" -l phone -d 'The person\'s phone number' -r
complete -c sprx -n "__fish_sprx_using_subcommand create" -l email -d 'The person\'s email address' -r
complete -c sprx -n "__fish_sprx_using_subcommand create" -l received -d 'The day the referral arrived (default: today)' -r
complete -c sprx -n "__fish_sprx_using_subcommand create" -l notes -d 'Referral notes' -r
complete -c sprx -n "__fish_sprx_using_subcommand create" -l gender -d 'Stated gender' -r -f -a "male\t'Code 1'
female\t'Code 2'
indeterminate\t'Code 9: not able to be classified as male or female'
not-known\t'Code X: not known (not recorded)'"
complete -c sprx -n "__fish_sprx_using_subcommand create" -l ethnic-category -d 'Ethnic category (NHS): A–S, or Z for not stated' -r
complete -c sprx -n "__fish_sprx_using_subcommand create" -l postcode -d 'Postcode, e.g. "SE1 7PB" (reports use only the district)' -r
complete -c sprx -n "__fish_sprx_using_subcommand create" -l gp-practice -d 'The registered GP practice\'s ODS code, e.g. A81001' -r
complete -c sprx -n "__fish_sprx_using_subcommand create" -l carer -d 'Whether the person is an unpaid carer' -r
complete -c sprx -n "__fish_sprx_using_subcommand create" -l language -d 'The language the person prefers to speak' -r
complete -c sprx -n "__fish_sprx_using_subcommand create" -l interpreter -d 'Whether an interpreter is needed' -r
complete -c sprx -n "__fish_sprx_using_subcommand create" -l consent-gp -d 'Whether the person consents to sharing with their GP' -r
complete -c sprx -n "__fish_sprx_using_subcommand create" -l consent-date -d 'The day consent was given or refused (default: today)' -r
complete -c sprx -n "__fish_sprx_using_subcommand create" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand create" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sprx -n "__fish_sprx_using_subcommand triage" -l priority -d 'Priority of an accepted referral (default routine); alone, changes the priority of one already accepted' -r -f -a "urgent\t''
high\t''
routine\t''"
complete -c sprx -n "__fish_sprx_using_subcommand triage" -l reason -d 'Why it was declined' -r -f -a "under-age\t''
out-of-scope\t''
social-services\t''
person-declined\t''
duplicate\t''
withdrawn\t''
other\t''"
complete -c sprx -n "__fish_sprx_using_subcommand triage" -l note -d 'A note on the decision' -r
complete -c sprx -n "__fish_sprx_using_subcommand triage" -l date -d 'When it happened (default: today)' -r
complete -c sprx -n "__fish_sprx_using_subcommand triage" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand triage" -l accept -d 'Accept the referral'
complete -c sprx -n "__fish_sprx_using_subcommand triage" -l decline -d 'Decline the referral (needs --reason)'
complete -c sprx -n "__fish_sprx_using_subcommand triage" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand triage" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand plan" -l what-matters -d 'What matters to the person, in their words' -r
complete -c sprx -n "__fish_sprx_using_subcommand plan" -l goal -d 'Add a goal (repeat for several)' -r
complete -c sprx -n "__fish_sprx_using_subcommand plan" -l goal-status -d 'Set a goal\'s status, e.g. 1=met: open, met, partly-met, not-met or dropped' -r
complete -c sprx -n "__fish_sprx_using_subcommand plan" -l connect -d 'Record a referral to a service (a services/ id or free text)' -r
complete -c sprx -n "__fish_sprx_using_subcommand plan" -l signpost -d 'Record signposting to a service' -r
complete -c sprx -n "__fish_sprx_using_subcommand plan" -l review -d 'When the plan is next reviewed (default for a first plan: review_interval_days on)' -r
complete -c sprx -n "__fish_sprx_using_subcommand plan" -l date -d 'When it happened (default: today)' -r
complete -c sprx -n "__fish_sprx_using_subcommand plan" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand plan" -l free-text -d 'Keep a --connect or --signpost that is not an active service in the directory as free text (a one-off, named in words)'
complete -c sprx -n "__fish_sprx_using_subcommand plan" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand plan" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand contact" -l mode -d 'How the contact happened' -r -f -a "phone\t''
face-to-face\t''
home-visit\t''
video\t''
message\t''
group\t''"
complete -c sprx -n "__fish_sprx_using_subcommand contact" -l minutes -d 'How long it took' -r
complete -c sprx -n "__fish_sprx_using_subcommand contact" -l note -d 'What happened, in a few words (kept out of reports)' -r
complete -c sprx -n "__fish_sprx_using_subcommand contact" -l date -d 'When it happened (default: today)' -r
complete -c sprx -n "__fish_sprx_using_subcommand contact" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand contact" -l dna -d 'Did not attend / no answer'
complete -c sprx -n "__fish_sprx_using_subcommand contact" -l follow-up -d 'A follow-up contact after the episode closed'
complete -c sprx -n "__fish_sprx_using_subcommand contact" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand contact" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand measure" -l tool -d 'The measure taken (see Tools below)' -r -f -a "ons4\t''
swemwbs\t''
wemwbs\t''
ucla3\t''"
complete -c sprx -n "__fish_sprx_using_subcommand measure" -l items -d 'The answers in order, comma-separated, e.g. 3,4,3,2,3,4,3' -r
complete -c sprx -n "__fish_sprx_using_subcommand measure" -l date -d 'When it happened (default: today)' -r
complete -c sprx -n "__fish_sprx_using_subcommand measure" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand measure" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand measure" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand close" -l outcome -d 'How the episode ended' -r -f -a "goals-met\t''
partly-met\t''
referred-on\t''
person-declined\t''
disengaged\t''
unable-to-contact\t''
moved-away\t''
deceased\t''
other\t''"
complete -c sprx -n "__fish_sprx_using_subcommand close" -l note -d 'A note on the closure' -r
complete -c sprx -n "__fish_sprx_using_subcommand close" -l date -d 'When it happened (default: today)' -r
complete -c sprx -n "__fish_sprx_using_subcommand close" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand close" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand close" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand reopen" -l note -d 'Why it is reopened' -r
complete -c sprx -n "__fish_sprx_using_subcommand reopen" -l date -d 'When it happened (default: today)' -r
complete -c sprx -n "__fish_sprx_using_subcommand reopen" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand reopen" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand reopen" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand person" -l gender -d 'Stated gender' -r -f -a "male\t'Code 1'
female\t'Code 2'
indeterminate\t'Code 9: not able to be classified as male or female'
not-known\t'Code X: not known (not recorded)'"
complete -c sprx -n "__fish_sprx_using_subcommand person" -l ethnic-category -d 'Ethnic category (NHS): A–S, or Z for not stated' -r
complete -c sprx -n "__fish_sprx_using_subcommand person" -l postcode -d 'Postcode, e.g. "SE1 7PB" (reports use only the district)' -r
complete -c sprx -n "__fish_sprx_using_subcommand person" -l gp-practice -d 'The registered GP practice\'s ODS code, e.g. A81001' -r
complete -c sprx -n "__fish_sprx_using_subcommand person" -l carer -d 'Whether the person is an unpaid carer' -r
complete -c sprx -n "__fish_sprx_using_subcommand person" -l language -d 'The language the person prefers to speak' -r
complete -c sprx -n "__fish_sprx_using_subcommand person" -l interpreter -d 'Whether an interpreter is needed' -r
complete -c sprx -n "__fish_sprx_using_subcommand person" -l consent-gp -d 'Whether the person consents to sharing with their GP' -r
complete -c sprx -n "__fish_sprx_using_subcommand person" -l consent-date -d 'The day consent was given or refused (default: today)' -r
complete -c sprx -n "__fish_sprx_using_subcommand person" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand person" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand person" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sprx -n "__fish_sprx_using_subcommand show" -l format -d 'Output format' -r -f -a "text\t''
yaml\t''
json\t''"
complete -c sprx -n "__fish_sprx_using_subcommand show" -l as-of -d 'Read the casebook as it was at the end of this day' -r
complete -c sprx -n "__fish_sprx_using_subcommand show" -l at -d 'Read the casebook at this git revision (commit, branch, tag)' -r
complete -c sprx -n "__fish_sprx_using_subcommand show" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand show" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand show" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand caseload" -l format -d 'Output format' -r -f -a "table\t''
csv\t''
json\t''"
complete -c sprx -n "__fish_sprx_using_subcommand caseload" -l as-of -d 'Read the casebook as it was at the end of this day' -r
complete -c sprx -n "__fish_sprx_using_subcommand caseload" -l at -d 'Read the casebook at this git revision (commit, branch, tag)' -r
complete -c sprx -n "__fish_sprx_using_subcommand caseload" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand caseload" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand caseload" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand agenda" -l days -d 'How many days ahead to look (overdue items are always shown)' -r
complete -c sprx -n "__fish_sprx_using_subcommand agenda" -l format -d 'Output format' -r -f -a "table\t''
csv\t''
json\t''"
complete -c sprx -n "__fish_sprx_using_subcommand agenda" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand agenda" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand agenda" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand find" -l format -d 'Output format' -r -f -a "table\t''
csv\t''
json\t''"
complete -c sprx -n "__fish_sprx_using_subcommand find" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand find" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand find" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand report" -l period -d '2026-10, 2026-Q4, 2026, last-month or this-month' -r
complete -c sprx -n "__fish_sprx_using_subcommand report" -l from -d 'First day of the period (with --to)' -r
complete -c sprx -n "__fish_sprx_using_subcommand report" -l to -d 'Last day of the period, inclusive (with --from)' -r
complete -c sprx -n "__fish_sprx_using_subcommand report" -l by -d 'Figures per group of people, small numbers suppressed (for a --period: a month, quarter or year)' -r -f -a "age-band\t'Age on the day the referral was received: 18-24 … 75-84, 85+'
gender\t''
ethnic-group\t'The five broad groups of the NHS ethnic categories'
practice\t'The registered GP practice\'s ODS code'
postcode-district\t'The postcode district (`SE1`), never the full postcode'"
complete -c sprx -n "__fish_sprx_using_subcommand report" -l format -d 'Output format; html is one self-contained page with charts, for commissioners' -r -f -a "table\t''
csv\t''
json\t''
html\t''"
complete -c sprx -n "__fish_sprx_using_subcommand report" -l as-of -d 'Read the casebook as it was at the end of this day' -r
complete -c sprx -n "__fish_sprx_using_subcommand report" -l at -d 'Read the casebook at this git revision (commit, branch, tag)' -r
complete -c sprx -n "__fish_sprx_using_subcommand report" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand report" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sprx -n "__fish_sprx_using_subcommand list" -l status -d 'Only these statuses (repeat for several)' -r -f -a "new\t''
accepted\t''
declined\t''
active\t''
closed\t''"
complete -c sprx -n "__fish_sprx_using_subcommand list" -l need -d 'Only referrals with this need' -r
complete -c sprx -n "__fish_sprx_using_subcommand list" -l source -d 'Only referrals from this source' -r
complete -c sprx -n "__fish_sprx_using_subcommand list" -l name -d 'Only people whose name holds this (case and accents aside)' -r
complete -c sprx -n "__fish_sprx_using_subcommand list" -l format -d 'Output format' -r -f -a "table\t''
csv\t''
json\t''"
complete -c sprx -n "__fish_sprx_using_subcommand list" -l as-of -d 'Read the casebook as it was at the end of this day' -r
complete -c sprx -n "__fish_sprx_using_subcommand list" -l at -d 'Read the casebook at this git revision (commit, branch, tag)' -r
complete -c sprx -n "__fish_sprx_using_subcommand list" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand list" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand list" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand history" -l format -d 'Output format' -r -f -a "table\t''
csv\t''
json\t''"
complete -c sprx -n "__fish_sprx_using_subcommand history" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand history" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand history" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand retention" -l format -d 'Output format' -r -f -a "table\t''
csv\t''
json\t''"
complete -c sprx -n "__fish_sprx_using_subcommand retention" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand retention" -l names -d 'Show each person\'s name too (left out by default)'
complete -c sprx -n "__fish_sprx_using_subcommand retention" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand retention" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand erase" -l reason -d 'Why (kept in the erasure log; no personal data)' -r
complete -c sprx -n "__fish_sprx_using_subcommand erase" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand erase" -l yes -d 'Do not ask for confirmation (for scripts)'
complete -c sprx -n "__fish_sprx_using_subcommand erase" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand erase" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand edit" -l from -d 'Start from this text (e.g. an edit that was refused) instead of the committed record' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand edit" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand edit" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand edit" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand check" -l format -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c sprx -n "__fish_sprx_using_subcommand check" -l as-of -d 'Read the casebook as it was at the end of this day' -r
complete -c sprx -n "__fish_sprx_using_subcommand check" -l at -d 'Read the casebook at this git revision (commit, branch, tag)' -r
complete -c sprx -n "__fish_sprx_using_subcommand check" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand check" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand check" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand migrate" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand migrate" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand migrate" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand import" -l map -d 'A TOML file renaming columns and translating values' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand import" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand import" -l dry-run -d 'Say what would be imported, and import nothing'
complete -c sprx -n "__fish_sprx_using_subcommand import" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand import" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand service; and not __fish_seen_subcommand_from add list show edit retire import help" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand service; and not __fish_seen_subcommand_from add list show edit retire import help" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand service; and not __fish_seen_subcommand_from add list show edit retire import help" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand service; and not __fish_seen_subcommand_from add list show edit retire import help" -f -a "add" -d 'Add a service from flags, or from a YAML file (--from FILE, - for stdin)'
complete -c sprx -n "__fish_sprx_using_subcommand service; and not __fish_seen_subcommand_from add list show edit retire import help" -f -a "list" -d 'List services, filtered'
complete -c sprx -n "__fish_sprx_using_subcommand service; and not __fish_seen_subcommand_from add list show edit retire import help" -f -a "show" -d 'Show one service'
complete -c sprx -n "__fish_sprx_using_subcommand service; and not __fish_seen_subcommand_from add list show edit retire import help" -f -a "edit" -d 'Edit a service in $EDITOR; committed only if it passes the checks'
complete -c sprx -n "__fish_sprx_using_subcommand service; and not __fish_seen_subcommand_from add list show edit retire import help" -f -a "retire" -d 'Mark a service inactive (kept for history)'
complete -c sprx -n "__fish_sprx_using_subcommand service; and not __fish_seen_subcommand_from add list show edit retire import help" -f -a "import" -d 'Import Open Referral UK / HSDS 3.0 JSON (a list, or the API\'s paginated form)'
complete -c sprx -n "__fish_sprx_using_subcommand service; and not __fish_seen_subcommand_from add list show edit retire import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from add" -l from -d 'Read the service from a YAML file, or - for stdin' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from add" -l name -d 'The service\'s name, e.g. "Walking for Health"' -r
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from add" -l organisation -d 'Who runs it' -r
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from add" -l description -d 'What it offers, in a sentence or two' -r
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from add" -l need -d 'A need the service helps with (repeat for several)' -r
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from add" -l min-age -d 'The youngest age it takes' -r
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from add" -l max-age -d 'The oldest age it takes' -r
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from add" -l phone -d 'Its phone number' -r
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from add" -l email -d 'Its email address' -r
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from add" -l url -d 'Its web address' -r
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from add" -l address -d 'Where it meets' -r
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from add" -l reviewed -d 'When the details were last checked (default: today)' -r
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from add" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from add" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from list" -l need -d 'Only services for this need' -r
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from list" -l status -d 'Only services with this status' -r -f -a "active\t''
inactive\t''"
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from list" -l format -d 'Output format' -r -f -a "table\t''
csv\t''
json\t''"
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from list" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from list" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from show" -l format -d 'Output format' -r -f -a "text\t''
yaml\t''
json\t''"
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from show" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from show" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from edit" -l from -d 'Start from this text (e.g. an edit that was refused) instead of the committed service' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from edit" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from edit" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from retire" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from retire" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from retire" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from import" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from import" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a service from flags, or from a YAML file (--from FILE, - for stdin)'
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from help" -f -a "list" -d 'List services, filtered'
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one service'
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Edit a service in $EDITOR; committed only if it passes the checks'
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from help" -f -a "retire" -d 'Mark a service inactive (kept for history)'
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import Open Referral UK / HSDS 3.0 JSON (a list, or the API\'s paginated form)'
complete -c sprx -n "__fish_sprx_using_subcommand service; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sprx -n "__fish_sprx_using_subcommand suggest" -l format -d 'Output format' -r -f -a "table\t''
csv\t''
json\t''"
complete -c sprx -n "__fish_sprx_using_subcommand suggest" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand suggest" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand suggest" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand letter" -l format -d 'Output format' -r -f -a "markdown\t''
text\t''"
complete -c sprx -n "__fish_sprx_using_subcommand letter" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand letter" -l include-notes -d 'Include the internal contact notes'
complete -c sprx -n "__fish_sprx_using_subcommand letter" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand letter" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand export; and not __fish_seen_subcommand_from snomed person help" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand export; and not __fish_seen_subcommand_from snomed person help" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand export; and not __fish_seen_subcommand_from snomed person help" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand export; and not __fish_seen_subcommand_from snomed person help" -f -a "snomed" -d 'One row per coded event: NHS number, date, SNOMED CT concept, term, referral ID'
complete -c sprx -n "__fish_sprx_using_subcommand export; and not __fish_seen_subcommand_from snomed person help" -f -a "person" -d 'Everything held about the person (records and their full history) as JSON'
complete -c sprx -n "__fish_sprx_using_subcommand export; and not __fish_seen_subcommand_from snomed person help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sprx -n "__fish_sprx_using_subcommand export; and __fish_seen_subcommand_from snomed" -l period -d '2026-10, 2026-Q4, 2026, last-month or this-month' -r
complete -c sprx -n "__fish_sprx_using_subcommand export; and __fish_seen_subcommand_from snomed" -l from -d 'First day of the period (with --to)' -r
complete -c sprx -n "__fish_sprx_using_subcommand export; and __fish_seen_subcommand_from snomed" -l to -d 'Last day of the period, inclusive (with --from)' -r
complete -c sprx -n "__fish_sprx_using_subcommand export; and __fish_seen_subcommand_from snomed" -l format -d 'Output format' -r -f -a "table\t''
csv\t''
json\t''"
complete -c sprx -n "__fish_sprx_using_subcommand export; and __fish_seen_subcommand_from snomed" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand export; and __fish_seen_subcommand_from snomed" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand export; and __fish_seen_subcommand_from snomed" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand export; and __fish_seen_subcommand_from person" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand export; and __fish_seen_subcommand_from person" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand export; and __fish_seen_subcommand_from person" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "snomed" -d 'One row per coded event: NHS number, date, SNOMED CT concept, term, referral ID'
complete -c sprx -n "__fish_sprx_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "person" -d 'Everything held about the person (records and their full history) as JSON'
complete -c sprx -n "__fish_sprx_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sprx -n "__fish_sprx_using_subcommand sync" -l remote -d 'The git remote (default: the branch\'s remote, else origin)' -r
complete -c sprx -n "__fish_sprx_using_subcommand sync" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand sync" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand sync" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand demo" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand demo" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand demo" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand completions" -s C -l casebook -d 'The casebook directory (default: the nearest parent holding sprx.toml)' -r -F
complete -c sprx -n "__fish_sprx_using_subcommand completions" -l wide -d 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
complete -c sprx -n "__fish_sprx_using_subcommand completions" -s h -l help -d 'Print help'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "init" -d 'Make a new casebook (git init if needed, sprx.toml, first commit)'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "create" -d 'Record a new referral; prints its ID'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "triage" -d 'Accept or decline a new referral'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "plan" -d 'Agree or update the person\'s plan; the first plan makes the referral active'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "contact" -d 'Log a contact or attempted contact'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "measure" -d 'Record a wellbeing measure (ONS4, SWEMWBS, WEMWBS, UCLA-3)'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "close" -d 'Close the episode with its outcome'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "reopen" -d 'Reopen a closed or declined referral as a new episode'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "person" -d 'Add or change equality monitoring and GP consent for a referral\'s person'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "show" -d 'Show one referral with derived values (age, scores, flags)'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "caseload" -d 'Open referrals needing attention, most urgent first'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "agenda" -d 'What is due or overdue in the next days, each with the command to run'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "find" -d 'Find referrals by name, NHS number, phone, email or notes'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "report" -d 'Aggregate outcome figures for a period (no personal data)'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "list" -d 'List referrals, filtered'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "history" -d 'The commits that changed a referral'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "retention" -d 'Referrals kept past the retention period, due for erasure'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "erase" -d 'Erase people from the whole history, keeping every aggregate figure'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "edit" -d 'Edit a referral in $EDITOR; committed only if it passes the checks'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "check" -d 'Validate every file in the casebook; path:line:col: message per problem'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "migrate" -d 'Bring every record up to date in one commit: version 1 records rewritten as schema 2, and records moved into their folders of a hundred'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "import" -d 'Import referrals from a spreadsheet (CSV, XLSX, XLS or ODS), in one commit'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "service" -d 'The community services directory: add, list, show, edit, retire, import'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "suggest" -d 'Active services matching a referral\'s needs and the person\'s age'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "letter" -d 'The message back to the GP and referrer, with the SNOMED CT codes to record'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "export" -d 'Exports: SNOMED CT coded events for GP records, everything held about a person'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "sync" -d 'Fetch, integrate and push through a git remote, renumbering clashing new IDs'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "demo" -d 'Build a casebook from bundled example data and show it'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "completions" -d 'Print shell completions (bash, zsh, fish, elvish, powershell)'
complete -c sprx -n "__fish_sprx_using_subcommand help; and not __fish_seen_subcommand_from init create triage plan contact measure close reopen person show caseload agenda find report list history retention erase edit check migrate import service suggest letter export sync demo completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sprx -n "__fish_sprx_using_subcommand help; and __fish_seen_subcommand_from service" -f -a "add" -d 'Add a service from flags, or from a YAML file (--from FILE, - for stdin)'
complete -c sprx -n "__fish_sprx_using_subcommand help; and __fish_seen_subcommand_from service" -f -a "list" -d 'List services, filtered'
complete -c sprx -n "__fish_sprx_using_subcommand help; and __fish_seen_subcommand_from service" -f -a "show" -d 'Show one service'
complete -c sprx -n "__fish_sprx_using_subcommand help; and __fish_seen_subcommand_from service" -f -a "edit" -d 'Edit a service in $EDITOR; committed only if it passes the checks'
complete -c sprx -n "__fish_sprx_using_subcommand help; and __fish_seen_subcommand_from service" -f -a "retire" -d 'Mark a service inactive (kept for history)'
complete -c sprx -n "__fish_sprx_using_subcommand help; and __fish_seen_subcommand_from service" -f -a "import" -d 'Import Open Referral UK / HSDS 3.0 JSON (a list, or the API\'s paginated form)'
complete -c sprx -n "__fish_sprx_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "snomed" -d 'One row per coded event: NHS number, date, SNOMED CT concept, term, referral ID'
complete -c sprx -n "__fish_sprx_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "person" -d 'Everything held about the person (records and their full history) as JSON'

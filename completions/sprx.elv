
use builtin;
use str;

set edit:completion:arg-completer[sprx] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'sprx'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'sprx'= {
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Make a new casebook (git init if needed, sprx.toml, first commit)'
            cand create 'Record a new referral; prints its ID'
            cand triage 'Accept or decline a new referral'
            cand plan 'Agree or update the person''s plan; the first plan makes the referral active'
            cand contact 'Log a contact or attempted contact'
            cand measure 'Record a wellbeing measure (ONS4, SWEMWBS, WEMWBS, UCLA-3)'
            cand close 'Close the episode with its outcome'
            cand reopen 'Reopen a closed or declined referral as a new episode'
            cand person 'Add or change equality monitoring and GP consent for a referral''s person'
            cand show 'Show one referral with derived values (age, scores, flags)'
            cand caseload 'Open referrals needing attention, most urgent first'
            cand agenda 'What is due or overdue in the next days, each with the command to run'
            cand find 'Find referrals by name, NHS number, phone, email or notes'
            cand report 'Aggregate outcome figures for a period (no personal data)'
            cand list 'List referrals, filtered'
            cand history 'The commits that changed a referral'
            cand retention 'Referrals kept past the retention period, due for erasure'
            cand erase 'Erase people from the whole history, keeping every aggregate figure'
            cand edit 'Edit a referral in $EDITOR; committed only if it passes the checks'
            cand check 'Validate every file in the casebook; path:line:col: message per problem'
            cand migrate 'Bring every record up to date in one commit: version 1 records rewritten as schema 2, and records moved into their folders of a hundred'
            cand import 'Import referrals from a spreadsheet (CSV, XLSX, XLS or ODS), in one commit'
            cand service 'The community services directory: add, list, show, edit, retire, import'
            cand suggest 'Active services matching a referral''s needs and the person''s age'
            cand letter 'The message back to the GP and referrer, with the SNOMED CT codes to record'
            cand export 'Exports: SNOMED CT coded events for GP records, everything held about a person'
            cand sync 'Fetch, integrate and push through a git remote, renumbering clashing new IDs'
            cand demo 'Build a casebook from bundled example data and show it'
            cand completions 'Print shell completions (bash, zsh, fish, elvish, powershell)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sprx;init'= {
            cand --name 'The casebook''s name, e.g. "Riverside PCN social prescribing"'
            cand --prefix 'The ID prefix (default SP): IDs are PREFIX-YEAR-NNNN'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;create'= {
            cand --from 'Read the referral (person and referral sections) from a YAML file, or - for stdin'
            cand --name 'The person''s name'
            cand --dob 'Date of birth'
            cand --source 'Where the referral came from (gp, pharmacy, self, …)'
            cand --need 'A need (repeat for several): loneliness, mental-wellbeing, …'
            cand --referrer 'Who referred, e.g. "Dr A Smith, Riverside Surgery"'
            cand --nhs-number 'NHS number (10 digits, spaces allowed)'
            cand --phone 'The person''s phone number'
            cand --email 'The person''s email address'
            cand --received 'The day the referral arrived (default: today)'
            cand --notes 'Referral notes'
            cand --gender 'Stated gender'
            cand --ethnic-category 'Ethnic category (NHS): A–S, or Z for not stated'
            cand --postcode 'Postcode, e.g. "SE1 7PB" (reports use only the district)'
            cand --gp-practice 'The registered GP practice''s ODS code, e.g. A81001'
            cand --carer 'Whether the person is an unpaid carer'
            cand --language 'The language the person prefers to speak'
            cand --interpreter 'Whether an interpreter is needed'
            cand --consent-gp 'Whether the person consents to sharing with their GP'
            cand --consent-date 'The day consent was given or refused (default: today)'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sprx;triage'= {
            cand --priority 'Priority of an accepted referral (default routine); alone, changes the priority of one already accepted'
            cand --reason 'Why it was declined'
            cand --note 'A note on the decision'
            cand --date 'When it happened (default: today)'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --accept 'Accept the referral'
            cand --decline 'Decline the referral (needs --reason)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;plan'= {
            cand --what-matters 'What matters to the person, in their words'
            cand --goal 'Add a goal (repeat for several)'
            cand --goal-status 'Set a goal''s status, e.g. 1=met: open, met, partly-met, not-met or dropped'
            cand --connect 'Record a referral to a service (a services/ id or free text)'
            cand --signpost 'Record signposting to a service'
            cand --review 'When the plan is next reviewed (default for a first plan: review_interval_days on)'
            cand --date 'When it happened (default: today)'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --free-text 'Keep a --connect or --signpost that is not an active service in the directory as free text (a one-off, named in words)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;contact'= {
            cand --mode 'How the contact happened'
            cand --minutes 'How long it took'
            cand --note 'What happened, in a few words (kept out of reports)'
            cand --date 'When it happened (default: today)'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --dna 'Did not attend / no answer'
            cand --follow-up 'A follow-up contact after the episode closed'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;measure'= {
            cand --tool 'The measure taken (see Tools below)'
            cand --items 'The answers in order, comma-separated, e.g. 3,4,3,2,3,4,3'
            cand --date 'When it happened (default: today)'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;close'= {
            cand --outcome 'How the episode ended'
            cand --note 'A note on the closure'
            cand --date 'When it happened (default: today)'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;reopen'= {
            cand --note 'Why it is reopened'
            cand --date 'When it happened (default: today)'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;person'= {
            cand --gender 'Stated gender'
            cand --ethnic-category 'Ethnic category (NHS): A–S, or Z for not stated'
            cand --postcode 'Postcode, e.g. "SE1 7PB" (reports use only the district)'
            cand --gp-practice 'The registered GP practice''s ODS code, e.g. A81001'
            cand --carer 'Whether the person is an unpaid carer'
            cand --language 'The language the person prefers to speak'
            cand --interpreter 'Whether an interpreter is needed'
            cand --consent-gp 'Whether the person consents to sharing with their GP'
            cand --consent-date 'The day consent was given or refused (default: today)'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sprx;show'= {
            cand --format 'Output format'
            cand --as-of 'Read the casebook as it was at the end of this day'
            cand --at 'Read the casebook at this git revision (commit, branch, tag)'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;caseload'= {
            cand --format 'Output format'
            cand --as-of 'Read the casebook as it was at the end of this day'
            cand --at 'Read the casebook at this git revision (commit, branch, tag)'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;agenda'= {
            cand --days 'How many days ahead to look (overdue items are always shown)'
            cand --format 'Output format'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;find'= {
            cand --format 'Output format'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;report'= {
            cand --period '2026-10, 2026-Q4, 2026, last-month or this-month'
            cand --from 'First day of the period (with --to)'
            cand --to 'Last day of the period, inclusive (with --from)'
            cand --by 'Figures per group of people, small numbers suppressed (for a --period: a month, quarter or year)'
            cand --format 'Output format; html is one self-contained page with charts, for commissioners'
            cand --as-of 'Read the casebook as it was at the end of this day'
            cand --at 'Read the casebook at this git revision (commit, branch, tag)'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sprx;list'= {
            cand --status 'Only these statuses (repeat for several)'
            cand --need 'Only referrals with this need'
            cand --source 'Only referrals from this source'
            cand --name 'Only people whose name holds this (case and accents aside)'
            cand --format 'Output format'
            cand --as-of 'Read the casebook as it was at the end of this day'
            cand --at 'Read the casebook at this git revision (commit, branch, tag)'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;history'= {
            cand --format 'Output format'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;retention'= {
            cand --format 'Output format'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --names 'Show each person''s name too (left out by default)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;erase'= {
            cand --reason 'Why (kept in the erasure log; no personal data)'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --yes 'Do not ask for confirmation (for scripts)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;edit'= {
            cand --from 'Start from this text (e.g. an edit that was refused) instead of the committed record'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;check'= {
            cand --format 'Output format'
            cand --as-of 'Read the casebook as it was at the end of this day'
            cand --at 'Read the casebook at this git revision (commit, branch, tag)'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;migrate'= {
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;import'= {
            cand --map 'A TOML file renaming columns and translating values'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --dry-run 'Say what would be imported, and import nothing'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;service'= {
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Add a service from flags, or from a YAML file (--from FILE, - for stdin)'
            cand list 'List services, filtered'
            cand show 'Show one service'
            cand edit 'Edit a service in $EDITOR; committed only if it passes the checks'
            cand retire 'Mark a service inactive (kept for history)'
            cand import 'Import Open Referral UK / HSDS 3.0 JSON (a list, or the API''s paginated form)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sprx;service;add'= {
            cand --from 'Read the service from a YAML file, or - for stdin'
            cand --name 'The service''s name, e.g. "Walking for Health"'
            cand --organisation 'Who runs it'
            cand --description 'What it offers, in a sentence or two'
            cand --need 'A need the service helps with (repeat for several)'
            cand --min-age 'The youngest age it takes'
            cand --max-age 'The oldest age it takes'
            cand --phone 'Its phone number'
            cand --email 'Its email address'
            cand --url 'Its web address'
            cand --address 'Where it meets'
            cand --reviewed 'When the details were last checked (default: today)'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;service;list'= {
            cand --need 'Only services for this need'
            cand --status 'Only services with this status'
            cand --format 'Output format'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;service;show'= {
            cand --format 'Output format'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;service;edit'= {
            cand --from 'Start from this text (e.g. an edit that was refused) instead of the committed service'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;service;retire'= {
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;service;import'= {
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;service;help'= {
            cand add 'Add a service from flags, or from a YAML file (--from FILE, - for stdin)'
            cand list 'List services, filtered'
            cand show 'Show one service'
            cand edit 'Edit a service in $EDITOR; committed only if it passes the checks'
            cand retire 'Mark a service inactive (kept for history)'
            cand import 'Import Open Referral UK / HSDS 3.0 JSON (a list, or the API''s paginated form)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sprx;service;help;add'= {
        }
        &'sprx;service;help;list'= {
        }
        &'sprx;service;help;show'= {
        }
        &'sprx;service;help;edit'= {
        }
        &'sprx;service;help;retire'= {
        }
        &'sprx;service;help;import'= {
        }
        &'sprx;service;help;help'= {
        }
        &'sprx;suggest'= {
            cand --format 'Output format'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;letter'= {
            cand --format 'Output format'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --include-notes 'Include the internal contact notes'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;export'= {
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand snomed 'One row per coded event: NHS number, date, SNOMED CT concept, term, referral ID'
            cand person 'Everything held about the person (records and their full history) as JSON'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sprx;export;snomed'= {
            cand --period '2026-10, 2026-Q4, 2026, last-month or this-month'
            cand --from 'First day of the period (with --to)'
            cand --to 'Last day of the period, inclusive (with --from)'
            cand --format 'Output format'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;export;person'= {
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;export;help'= {
            cand snomed 'One row per coded event: NHS number, date, SNOMED CT concept, term, referral ID'
            cand person 'Everything held about the person (records and their full history) as JSON'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sprx;export;help;snomed'= {
        }
        &'sprx;export;help;person'= {
        }
        &'sprx;export;help;help'= {
        }
        &'sprx;sync'= {
            cand --remote 'The git remote (default: the branch''s remote, else origin)'
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;demo'= {
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;completions'= {
            cand -C 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --casebook 'The casebook directory (default: the nearest parent holding sprx.toml)'
            cand --wide 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sprx;help'= {
            cand init 'Make a new casebook (git init if needed, sprx.toml, first commit)'
            cand create 'Record a new referral; prints its ID'
            cand triage 'Accept or decline a new referral'
            cand plan 'Agree or update the person''s plan; the first plan makes the referral active'
            cand contact 'Log a contact or attempted contact'
            cand measure 'Record a wellbeing measure (ONS4, SWEMWBS, WEMWBS, UCLA-3)'
            cand close 'Close the episode with its outcome'
            cand reopen 'Reopen a closed or declined referral as a new episode'
            cand person 'Add or change equality monitoring and GP consent for a referral''s person'
            cand show 'Show one referral with derived values (age, scores, flags)'
            cand caseload 'Open referrals needing attention, most urgent first'
            cand agenda 'What is due or overdue in the next days, each with the command to run'
            cand find 'Find referrals by name, NHS number, phone, email or notes'
            cand report 'Aggregate outcome figures for a period (no personal data)'
            cand list 'List referrals, filtered'
            cand history 'The commits that changed a referral'
            cand retention 'Referrals kept past the retention period, due for erasure'
            cand erase 'Erase people from the whole history, keeping every aggregate figure'
            cand edit 'Edit a referral in $EDITOR; committed only if it passes the checks'
            cand check 'Validate every file in the casebook; path:line:col: message per problem'
            cand migrate 'Bring every record up to date in one commit: version 1 records rewritten as schema 2, and records moved into their folders of a hundred'
            cand import 'Import referrals from a spreadsheet (CSV, XLSX, XLS or ODS), in one commit'
            cand service 'The community services directory: add, list, show, edit, retire, import'
            cand suggest 'Active services matching a referral''s needs and the person''s age'
            cand letter 'The message back to the GP and referrer, with the SNOMED CT codes to record'
            cand export 'Exports: SNOMED CT coded events for GP records, everything held about a person'
            cand sync 'Fetch, integrate and push through a git remote, renumbering clashing new IDs'
            cand demo 'Build a casebook from bundled example data and show it'
            cand completions 'Print shell completions (bash, zsh, fish, elvish, powershell)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sprx;help;init'= {
        }
        &'sprx;help;create'= {
        }
        &'sprx;help;triage'= {
        }
        &'sprx;help;plan'= {
        }
        &'sprx;help;contact'= {
        }
        &'sprx;help;measure'= {
        }
        &'sprx;help;close'= {
        }
        &'sprx;help;reopen'= {
        }
        &'sprx;help;person'= {
        }
        &'sprx;help;show'= {
        }
        &'sprx;help;caseload'= {
        }
        &'sprx;help;agenda'= {
        }
        &'sprx;help;find'= {
        }
        &'sprx;help;report'= {
        }
        &'sprx;help;list'= {
        }
        &'sprx;help;history'= {
        }
        &'sprx;help;retention'= {
        }
        &'sprx;help;erase'= {
        }
        &'sprx;help;edit'= {
        }
        &'sprx;help;check'= {
        }
        &'sprx;help;migrate'= {
        }
        &'sprx;help;import'= {
        }
        &'sprx;help;service'= {
            cand add 'Add a service from flags, or from a YAML file (--from FILE, - for stdin)'
            cand list 'List services, filtered'
            cand show 'Show one service'
            cand edit 'Edit a service in $EDITOR; committed only if it passes the checks'
            cand retire 'Mark a service inactive (kept for history)'
            cand import 'Import Open Referral UK / HSDS 3.0 JSON (a list, or the API''s paginated form)'
        }
        &'sprx;help;service;add'= {
        }
        &'sprx;help;service;list'= {
        }
        &'sprx;help;service;show'= {
        }
        &'sprx;help;service;edit'= {
        }
        &'sprx;help;service;retire'= {
        }
        &'sprx;help;service;import'= {
        }
        &'sprx;help;suggest'= {
        }
        &'sprx;help;letter'= {
        }
        &'sprx;help;export'= {
            cand snomed 'One row per coded event: NHS number, date, SNOMED CT concept, term, referral ID'
            cand person 'Everything held about the person (records and their full history) as JSON'
        }
        &'sprx;help;export;snomed'= {
        }
        &'sprx;help;export;person'= {
        }
        &'sprx;help;sync'= {
        }
        &'sprx;help;demo'= {
        }
        &'sprx;help;completions'= {
        }
        &'sprx;help;help'= {
        }
    ]
    $completions[$command]
}

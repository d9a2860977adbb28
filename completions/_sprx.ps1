
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'sprx' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'sprx'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'sprx' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make a new casebook (git init if needed, sprx.toml, first commit)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Record a new referral; prints its ID')
            [CompletionResult]::new('triage', 'triage', [CompletionResultType]::ParameterValue, 'Accept or decline a new referral')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Agree or update the person''s plan; the first plan makes the referral active')
            [CompletionResult]::new('contact', 'contact', [CompletionResultType]::ParameterValue, 'Log a contact or attempted contact')
            [CompletionResult]::new('measure', 'measure', [CompletionResultType]::ParameterValue, 'Record a wellbeing measure (ONS4, SWEMWBS, WEMWBS, UCLA-3)')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Close the episode with its outcome')
            [CompletionResult]::new('reopen', 'reopen', [CompletionResultType]::ParameterValue, 'Reopen a closed or declined referral as a new episode')
            [CompletionResult]::new('person', 'person', [CompletionResultType]::ParameterValue, 'Add or change equality monitoring and GP consent for a referral''s person')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one referral with derived values (age, scores, flags)')
            [CompletionResult]::new('caseload', 'caseload', [CompletionResultType]::ParameterValue, 'Open referrals needing attention, most urgent first')
            [CompletionResult]::new('agenda', 'agenda', [CompletionResultType]::ParameterValue, 'What is due or overdue in the next days, each with the command to run')
            [CompletionResult]::new('find', 'find', [CompletionResultType]::ParameterValue, 'Find referrals by name, NHS number, phone, email or notes')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Aggregate outcome figures for a period (no personal data)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List referrals, filtered')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'The commits that changed a referral')
            [CompletionResult]::new('retention', 'retention', [CompletionResultType]::ParameterValue, 'Referrals kept past the retention period, due for erasure')
            [CompletionResult]::new('erase', 'erase', [CompletionResultType]::ParameterValue, 'Erase people from the whole history, keeping every aggregate figure')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit a referral in $EDITOR; committed only if it passes the checks')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate every file in the casebook; path:line:col: message per problem')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Bring every record up to date in one commit: version 1 records rewritten as schema 2, and records moved into their folders of a hundred')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import referrals from a spreadsheet (CSV, XLSX, XLS or ODS), in one commit')
            [CompletionResult]::new('service', 'service', [CompletionResultType]::ParameterValue, 'The community services directory: add, list, show, edit, retire, import')
            [CompletionResult]::new('suggest', 'suggest', [CompletionResultType]::ParameterValue, 'Active services matching a referral''s needs and the person''s age')
            [CompletionResult]::new('letter', 'letter', [CompletionResultType]::ParameterValue, 'The message back to the GP and referrer, with the SNOMED CT codes to record')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Exports: SNOMED CT coded events for GP records, everything held about a person')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Fetch, integrate and push through a git remote, renumbering clashing new IDs')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Build a casebook from bundled example data and show it')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sprx;init' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The casebook''s name, e.g. "Riverside PCN social prescribing"')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'The ID prefix (default SP): IDs are PREFIX-YEAR-NNNN')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;create' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Read the referral (person and referral sections) from a YAML file, or - for stdin')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The person''s name')
            [CompletionResult]::new('--dob', '--dob', [CompletionResultType]::ParameterName, 'Date of birth')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Where the referral came from (gp, pharmacy, self, …)')
            [CompletionResult]::new('--need', '--need', [CompletionResultType]::ParameterName, 'A need (repeat for several): loneliness, mental-wellbeing, …')
            [CompletionResult]::new('--referrer', '--referrer', [CompletionResultType]::ParameterName, 'Who referred, e.g. "Dr A Smith, Riverside Surgery"')
            [CompletionResult]::new('--nhs-number', '--nhs-number', [CompletionResultType]::ParameterName, 'NHS number (10 digits, spaces allowed)')
            [CompletionResult]::new('--phone', '--phone', [CompletionResultType]::ParameterName, 'The person''s phone number')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'The person''s email address')
            [CompletionResult]::new('--received', '--received', [CompletionResultType]::ParameterName, 'The day the referral arrived (default: today)')
            [CompletionResult]::new('--notes', '--notes', [CompletionResultType]::ParameterName, 'Referral notes')
            [CompletionResult]::new('--gender', '--gender', [CompletionResultType]::ParameterName, 'Stated gender')
            [CompletionResult]::new('--ethnic-category', '--ethnic-category', [CompletionResultType]::ParameterName, 'Ethnic category (NHS): A–S, or Z for not stated')
            [CompletionResult]::new('--postcode', '--postcode', [CompletionResultType]::ParameterName, 'Postcode, e.g. "SE1 7PB" (reports use only the district)')
            [CompletionResult]::new('--gp-practice', '--gp-practice', [CompletionResultType]::ParameterName, 'The registered GP practice''s ODS code, e.g. A81001')
            [CompletionResult]::new('--carer', '--carer', [CompletionResultType]::ParameterName, 'Whether the person is an unpaid carer')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'The language the person prefers to speak')
            [CompletionResult]::new('--interpreter', '--interpreter', [CompletionResultType]::ParameterName, 'Whether an interpreter is needed')
            [CompletionResult]::new('--consent-gp', '--consent-gp', [CompletionResultType]::ParameterName, 'Whether the person consents to sharing with their GP')
            [CompletionResult]::new('--consent-date', '--consent-date', [CompletionResultType]::ParameterName, 'The day consent was given or refused (default: today)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sprx;triage' {
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'Priority of an accepted referral (default routine); alone, changes the priority of one already accepted')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why it was declined')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note on the decision')
            [CompletionResult]::new('--date', '--date', [CompletionResultType]::ParameterName, 'When it happened (default: today)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--accept', '--accept', [CompletionResultType]::ParameterName, 'Accept the referral')
            [CompletionResult]::new('--decline', '--decline', [CompletionResultType]::ParameterName, 'Decline the referral (needs --reason)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;plan' {
            [CompletionResult]::new('--what-matters', '--what-matters', [CompletionResultType]::ParameterName, 'What matters to the person, in their words')
            [CompletionResult]::new('--goal', '--goal', [CompletionResultType]::ParameterName, 'Add a goal (repeat for several)')
            [CompletionResult]::new('--goal-status', '--goal-status', [CompletionResultType]::ParameterName, 'Set a goal''s status, e.g. 1=met: open, met, partly-met, not-met or dropped')
            [CompletionResult]::new('--connect', '--connect', [CompletionResultType]::ParameterName, 'Record a referral to a service (a services/ id or free text)')
            [CompletionResult]::new('--signpost', '--signpost', [CompletionResultType]::ParameterName, 'Record signposting to a service')
            [CompletionResult]::new('--review', '--review', [CompletionResultType]::ParameterName, 'When the plan is next reviewed (default for a first plan: review_interval_days on)')
            [CompletionResult]::new('--date', '--date', [CompletionResultType]::ParameterName, 'When it happened (default: today)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--free-text', '--free-text', [CompletionResultType]::ParameterName, 'Keep a --connect or --signpost that is not an active service in the directory as free text (a one-off, named in words)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;contact' {
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'How the contact happened')
            [CompletionResult]::new('--minutes', '--minutes', [CompletionResultType]::ParameterName, 'How long it took')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'What happened, in a few words (kept out of reports)')
            [CompletionResult]::new('--date', '--date', [CompletionResultType]::ParameterName, 'When it happened (default: today)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--dna', '--dna', [CompletionResultType]::ParameterName, 'Did not attend / no answer')
            [CompletionResult]::new('--follow-up', '--follow-up', [CompletionResultType]::ParameterName, 'A follow-up contact after the episode closed')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;measure' {
            [CompletionResult]::new('--tool', '--tool', [CompletionResultType]::ParameterName, 'The measure taken (see Tools below)')
            [CompletionResult]::new('--items', '--items', [CompletionResultType]::ParameterName, 'The answers in order, comma-separated, e.g. 3,4,3,2,3,4,3')
            [CompletionResult]::new('--date', '--date', [CompletionResultType]::ParameterName, 'When it happened (default: today)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;close' {
            [CompletionResult]::new('--outcome', '--outcome', [CompletionResultType]::ParameterName, 'How the episode ended')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note on the closure')
            [CompletionResult]::new('--date', '--date', [CompletionResultType]::ParameterName, 'When it happened (default: today)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;reopen' {
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'Why it is reopened')
            [CompletionResult]::new('--date', '--date', [CompletionResultType]::ParameterName, 'When it happened (default: today)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;person' {
            [CompletionResult]::new('--gender', '--gender', [CompletionResultType]::ParameterName, 'Stated gender')
            [CompletionResult]::new('--ethnic-category', '--ethnic-category', [CompletionResultType]::ParameterName, 'Ethnic category (NHS): A–S, or Z for not stated')
            [CompletionResult]::new('--postcode', '--postcode', [CompletionResultType]::ParameterName, 'Postcode, e.g. "SE1 7PB" (reports use only the district)')
            [CompletionResult]::new('--gp-practice', '--gp-practice', [CompletionResultType]::ParameterName, 'The registered GP practice''s ODS code, e.g. A81001')
            [CompletionResult]::new('--carer', '--carer', [CompletionResultType]::ParameterName, 'Whether the person is an unpaid carer')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'The language the person prefers to speak')
            [CompletionResult]::new('--interpreter', '--interpreter', [CompletionResultType]::ParameterName, 'Whether an interpreter is needed')
            [CompletionResult]::new('--consent-gp', '--consent-gp', [CompletionResultType]::ParameterName, 'Whether the person consents to sharing with their GP')
            [CompletionResult]::new('--consent-date', '--consent-date', [CompletionResultType]::ParameterName, 'The day consent was given or refused (default: today)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sprx;show' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--as-of', '--as-of', [CompletionResultType]::ParameterName, 'Read the casebook as it was at the end of this day')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Read the casebook at this git revision (commit, branch, tag)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;caseload' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--as-of', '--as-of', [CompletionResultType]::ParameterName, 'Read the casebook as it was at the end of this day')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Read the casebook at this git revision (commit, branch, tag)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;agenda' {
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'How many days ahead to look (overdue items are always shown)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;find' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;report' {
            [CompletionResult]::new('--period', '--period', [CompletionResultType]::ParameterName, '2026-10, 2026-Q4, 2026, last-month or this-month')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'First day of the period (with --to)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Last day of the period, inclusive (with --from)')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Figures per group of people, small numbers suppressed (for a --period: a month, quarter or year)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format; html is one self-contained page with charts, for commissioners')
            [CompletionResult]::new('--as-of', '--as-of', [CompletionResultType]::ParameterName, 'Read the casebook as it was at the end of this day')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Read the casebook at this git revision (commit, branch, tag)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sprx;list' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only these statuses (repeat for several)')
            [CompletionResult]::new('--need', '--need', [CompletionResultType]::ParameterName, 'Only referrals with this need')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only referrals from this source')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Only people whose name holds this (case and accents aside)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--as-of', '--as-of', [CompletionResultType]::ParameterName, 'Read the casebook as it was at the end of this day')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Read the casebook at this git revision (commit, branch, tag)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;history' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;retention' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--names', '--names', [CompletionResultType]::ParameterName, 'Show each person''s name too (left out by default)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;erase' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept in the erasure log; no personal data)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;edit' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Start from this text (e.g. an edit that was refused) instead of the committed record')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;check' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--as-of', '--as-of', [CompletionResultType]::ParameterName, 'Read the casebook as it was at the end of this day')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Read the casebook at this git revision (commit, branch, tag)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;migrate' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;import' {
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'A TOML file renaming columns and translating values')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say what would be imported, and import nothing')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;service' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a service from flags, or from a YAML file (--from FILE, - for stdin)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List services, filtered')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one service')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit a service in $EDITOR; committed only if it passes the checks')
            [CompletionResult]::new('retire', 'retire', [CompletionResultType]::ParameterValue, 'Mark a service inactive (kept for history)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import Open Referral UK / HSDS 3.0 JSON (a list, or the API''s paginated form)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sprx;service;add' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Read the service from a YAML file, or - for stdin')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The service''s name, e.g. "Walking for Health"')
            [CompletionResult]::new('--organisation', '--organisation', [CompletionResultType]::ParameterName, 'Who runs it')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'What it offers, in a sentence or two')
            [CompletionResult]::new('--need', '--need', [CompletionResultType]::ParameterName, 'A need the service helps with (repeat for several)')
            [CompletionResult]::new('--min-age', '--min-age', [CompletionResultType]::ParameterName, 'The youngest age it takes')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'The oldest age it takes')
            [CompletionResult]::new('--phone', '--phone', [CompletionResultType]::ParameterName, 'Its phone number')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Its email address')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Its web address')
            [CompletionResult]::new('--address', '--address', [CompletionResultType]::ParameterName, 'Where it meets')
            [CompletionResult]::new('--reviewed', '--reviewed', [CompletionResultType]::ParameterName, 'When the details were last checked (default: today)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;service;list' {
            [CompletionResult]::new('--need', '--need', [CompletionResultType]::ParameterName, 'Only services for this need')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only services with this status')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;service;show' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;service;edit' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Start from this text (e.g. an edit that was refused) instead of the committed service')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;service;retire' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;service;import' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;service;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a service from flags, or from a YAML file (--from FILE, - for stdin)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List services, filtered')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one service')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit a service in $EDITOR; committed only if it passes the checks')
            [CompletionResult]::new('retire', 'retire', [CompletionResultType]::ParameterValue, 'Mark a service inactive (kept for history)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import Open Referral UK / HSDS 3.0 JSON (a list, or the API''s paginated form)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sprx;service;help;add' {
            break
        }
        'sprx;service;help;list' {
            break
        }
        'sprx;service;help;show' {
            break
        }
        'sprx;service;help;edit' {
            break
        }
        'sprx;service;help;retire' {
            break
        }
        'sprx;service;help;import' {
            break
        }
        'sprx;service;help;help' {
            break
        }
        'sprx;suggest' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;letter' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--include-notes', '--include-notes', [CompletionResultType]::ParameterName, 'Include the internal contact notes')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;export' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('snomed', 'snomed', [CompletionResultType]::ParameterValue, 'One row per coded event: NHS number, date, SNOMED CT concept, term, referral ID')
            [CompletionResult]::new('person', 'person', [CompletionResultType]::ParameterValue, 'Everything held about the person (records and their full history) as JSON')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sprx;export;snomed' {
            [CompletionResult]::new('--period', '--period', [CompletionResultType]::ParameterName, '2026-10, 2026-Q4, 2026, last-month or this-month')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'First day of the period (with --to)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Last day of the period, inclusive (with --from)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;export;person' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;export;help' {
            [CompletionResult]::new('snomed', 'snomed', [CompletionResultType]::ParameterValue, 'One row per coded event: NHS number, date, SNOMED CT concept, term, referral ID')
            [CompletionResult]::new('person', 'person', [CompletionResultType]::ParameterValue, 'Everything held about the person (records and their full history) as JSON')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sprx;export;help;snomed' {
            break
        }
        'sprx;export;help;person' {
            break
        }
        'sprx;export;help;help' {
            break
        }
        'sprx;sync' {
            [CompletionResult]::new('--remote', '--remote', [CompletionResultType]::ParameterName, 'The git remote (default: the branch''s remote, else origin)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;demo' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;completions' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--casebook', '--casebook', [CompletionResultType]::ParameterName, 'The casebook directory (default: the nearest parent holding sprx.toml)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at full width, however wide (default: fitted to the terminal, COLUMNS, or 80 columns)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sprx;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make a new casebook (git init if needed, sprx.toml, first commit)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Record a new referral; prints its ID')
            [CompletionResult]::new('triage', 'triage', [CompletionResultType]::ParameterValue, 'Accept or decline a new referral')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Agree or update the person''s plan; the first plan makes the referral active')
            [CompletionResult]::new('contact', 'contact', [CompletionResultType]::ParameterValue, 'Log a contact or attempted contact')
            [CompletionResult]::new('measure', 'measure', [CompletionResultType]::ParameterValue, 'Record a wellbeing measure (ONS4, SWEMWBS, WEMWBS, UCLA-3)')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Close the episode with its outcome')
            [CompletionResult]::new('reopen', 'reopen', [CompletionResultType]::ParameterValue, 'Reopen a closed or declined referral as a new episode')
            [CompletionResult]::new('person', 'person', [CompletionResultType]::ParameterValue, 'Add or change equality monitoring and GP consent for a referral''s person')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one referral with derived values (age, scores, flags)')
            [CompletionResult]::new('caseload', 'caseload', [CompletionResultType]::ParameterValue, 'Open referrals needing attention, most urgent first')
            [CompletionResult]::new('agenda', 'agenda', [CompletionResultType]::ParameterValue, 'What is due or overdue in the next days, each with the command to run')
            [CompletionResult]::new('find', 'find', [CompletionResultType]::ParameterValue, 'Find referrals by name, NHS number, phone, email or notes')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Aggregate outcome figures for a period (no personal data)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List referrals, filtered')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'The commits that changed a referral')
            [CompletionResult]::new('retention', 'retention', [CompletionResultType]::ParameterValue, 'Referrals kept past the retention period, due for erasure')
            [CompletionResult]::new('erase', 'erase', [CompletionResultType]::ParameterValue, 'Erase people from the whole history, keeping every aggregate figure')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit a referral in $EDITOR; committed only if it passes the checks')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate every file in the casebook; path:line:col: message per problem')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Bring every record up to date in one commit: version 1 records rewritten as schema 2, and records moved into their folders of a hundred')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import referrals from a spreadsheet (CSV, XLSX, XLS or ODS), in one commit')
            [CompletionResult]::new('service', 'service', [CompletionResultType]::ParameterValue, 'The community services directory: add, list, show, edit, retire, import')
            [CompletionResult]::new('suggest', 'suggest', [CompletionResultType]::ParameterValue, 'Active services matching a referral''s needs and the person''s age')
            [CompletionResult]::new('letter', 'letter', [CompletionResultType]::ParameterValue, 'The message back to the GP and referrer, with the SNOMED CT codes to record')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Exports: SNOMED CT coded events for GP records, everything held about a person')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Fetch, integrate and push through a git remote, renumbering clashing new IDs')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Build a casebook from bundled example data and show it')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sprx;help;init' {
            break
        }
        'sprx;help;create' {
            break
        }
        'sprx;help;triage' {
            break
        }
        'sprx;help;plan' {
            break
        }
        'sprx;help;contact' {
            break
        }
        'sprx;help;measure' {
            break
        }
        'sprx;help;close' {
            break
        }
        'sprx;help;reopen' {
            break
        }
        'sprx;help;person' {
            break
        }
        'sprx;help;show' {
            break
        }
        'sprx;help;caseload' {
            break
        }
        'sprx;help;agenda' {
            break
        }
        'sprx;help;find' {
            break
        }
        'sprx;help;report' {
            break
        }
        'sprx;help;list' {
            break
        }
        'sprx;help;history' {
            break
        }
        'sprx;help;retention' {
            break
        }
        'sprx;help;erase' {
            break
        }
        'sprx;help;edit' {
            break
        }
        'sprx;help;check' {
            break
        }
        'sprx;help;migrate' {
            break
        }
        'sprx;help;import' {
            break
        }
        'sprx;help;service' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a service from flags, or from a YAML file (--from FILE, - for stdin)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List services, filtered')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one service')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit a service in $EDITOR; committed only if it passes the checks')
            [CompletionResult]::new('retire', 'retire', [CompletionResultType]::ParameterValue, 'Mark a service inactive (kept for history)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import Open Referral UK / HSDS 3.0 JSON (a list, or the API''s paginated form)')
            break
        }
        'sprx;help;service;add' {
            break
        }
        'sprx;help;service;list' {
            break
        }
        'sprx;help;service;show' {
            break
        }
        'sprx;help;service;edit' {
            break
        }
        'sprx;help;service;retire' {
            break
        }
        'sprx;help;service;import' {
            break
        }
        'sprx;help;suggest' {
            break
        }
        'sprx;help;letter' {
            break
        }
        'sprx;help;export' {
            [CompletionResult]::new('snomed', 'snomed', [CompletionResultType]::ParameterValue, 'One row per coded event: NHS number, date, SNOMED CT concept, term, referral ID')
            [CompletionResult]::new('person', 'person', [CompletionResultType]::ParameterValue, 'Everything held about the person (records and their full history) as JSON')
            break
        }
        'sprx;help;export;snomed' {
            break
        }
        'sprx;help;export;person' {
            break
        }
        'sprx;help;sync' {
            break
        }
        'sprx;help;demo' {
            break
        }
        'sprx;help;completions' {
            break
        }
        'sprx;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}

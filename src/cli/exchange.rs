//! `glossary-ls import prh|vale FILE` and `glossary-ls export vale|prh`:
//! terminology rules of other checkers into glossary terms, and a
//! glossary's avoided terms out as such rules.

use super::output::emit;
use super::{Context, ExportArgs, ImportArgs, RuleFormat};
use crate::glossary::rules;
use crate::glossary::table::slugify;

pub fn import(args: &ImportArgs) -> anyhow::Result<i32> {
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.file.display()))?;
    let imported = match args.format {
        RuleFormat::Prh => rules::from_prh(&text),
        RuleFormat::Vale => rules::from_vale(&text),
    }
    .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    for skipped in &imported.skipped {
        eprintln!("glossary-ls: skipped {skipped}");
    }
    match &args.entries {
        None => emit(rules::to_csv(&imported.terms).as_bytes())?,
        Some(folder) => {
            std::fs::create_dir_all(folder)?;
            for term in &imported.terms {
                let path = folder.join(format!("{}.md", slugify(&term.title)));
                if path.exists() {
                    eprintln!("glossary-ls: {} exists; left as it is", path.display());
                    continue;
                }
                std::fs::write(&path, rules::to_entry_file(term))?;
                emit(format!("{}\n", path.display()).as_bytes())?;
            }
        }
    }
    eprintln!(
        "glossary-ls: {} term(s) imported, {} pattern(s) skipped",
        imported.terms.len(),
        imported.skipped.len()
    );
    Ok(0)
}

pub fn export(ctx: &Context, args: &ExportArgs) -> anyhow::Result<i32> {
    let entries = ctx.index.glossary.entries();
    let text = match args.format {
        RuleFormat::Prh => rules::to_prh(entries),
        RuleFormat::Vale => rules::to_vale(entries),
    };
    emit(text.as_bytes())?;
    Ok(0)
}

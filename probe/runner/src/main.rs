//! lexprobe sentences LEXICON FIELDS   < lines        -> one line per input: cats \t hits
//! lexprobe evaluate  LEXICON FIELDS DIR TRUTH        -> JSON category scores
use patroon::classify::Classifier;
use std::io::BufRead;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let lex = std::fs::read_to_string(&args[2]).expect("lexicon");
    let fields = std::fs::read_to_string(&args[3]).expect("fields");
    let c = Classifier::from_toml(&lex, &fields).unwrap_or_else(|e| panic!("{e}"));
    match args[1].as_str() {
        "sentences" => {
            for line in std::io::stdin().lock().lines() {
                let line = line.unwrap();
                let hits = c.hits(&line);
                let mut cats: Vec<String> = Vec::new();
                for h in &hits {
                    if !cats.contains(&h.0) {
                        cats.push(h.0.clone());
                    }
                }
                if cats.contains(&"strangulation".to_string()) && !cats.contains(&"physical_violence".to_string()) {
                    cats.push("physical_violence".into());
                }
                let words: Vec<String> = hits.iter().map(|h| format!("{}={}", h.0, h.1)).collect();
                println!("{}\t{}", cats.join(","), words.join(" | "));
            }
        }
        "evaluate" => {
            let mappings = patroon::ingest::mapping::built_in().unwrap();
            let ingested = patroon::ingest::ingest(&[patroon::ingest::Input::Detect(args[4].clone().into())], &mappings);
            let truth: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&args[5]).unwrap()).unwrap();
            let assigned: Vec<Vec<String>> = ingested
                .records
                .iter()
                .map(|r| c.classify(r).into_iter().map(|a| a.category).collect())
                .collect();
            let s = patroon::evaluate::evaluate_categories(&ingested.records, &assigned, &truth);
            println!("{}", serde_json::json!({"precision": s.precision, "recall": s.recall, "f1": s.f1, "per_category": s.per_category}));
            // optional: dump errors
            if args.len() > 6 {
                let mut truth_cats = std::collections::HashMap::new();
                for h in truth["households"].as_array().unwrap() {
                    for r in h["records"].as_array().unwrap() {
                        truth_cats.insert(r["reference"].as_str().unwrap().to_string(), r["categories"].clone());
                    }
                }
                let want = &args[6];
                for (r, got) in ingested.records.iter().zip(&assigned) {
                    let Some(t) = truth_cats.get(r.reference.as_str()) else { continue };
                    let t: Vec<String> = t.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
                    let fp = got.iter().any(|g| g == want) && !t.contains(want);
                    let fnn = !got.iter().any(|g| g == want) && t.contains(want);
                    if fp || fnn {
                        eprintln!("{} {} :: {}", if fp { "FP" } else { "FN" }, r.reference, r.narrative.clone().unwrap_or_default());
                    }
                }
            }
        }
        _ => panic!("mode"),
    }
}

#!/usr/bin/env python3
"""Synthetic learning-city practices in the import format (docs/practices-jsonl.md).

    .venv/bin/python bench/generate_corpus.py 10000 /tmp/bench/corpus-10000.jsonl [--seed 1]

~70% English and ~30% Chinese as the main language, ~20% with a translation into the other
of the two (half of those with a translated body), and ~20% more (of those without one) with a
translation into French, Spanish, Russian or Arabic (5% each; drawn from a generator of their
own, so every other field is what it was before the portal had six languages); titles ~10
words, summaries at most 80 words (a CJK character counts as a word, as the import counts),
bodies 300-500 words in Markdown. Text mixes learning-city topic terms (multi-word phrases kept together, so phrase
queries match) with a few thousand generic words drawn from a Zipf distribution, so
there are very common and very rare words. Countries are the real ISO codes of the
UNESCO Member States (data/member_states.yaml); city names are generated and assigned to
countries; key features come from data/key_features.yaml.

The vocabulary is fixed (it does not depend on the seed), so benchmark queries can name
words from it; the seed decides everything else. Same N and seed -> same file.
"""
import argparse
import bisect
import itertools
import json
import os
import random
import re
import sys
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data")

# --- topic vocabulary (ordered roughly by how often a practice would use it) -------------

TOPICS_EN = [
    "library", "learning", "community", "literacy", "digital skills", "older people", "volunteers",
    "lifelong learning", "learning city", "families", "migrants", "workplace training", "school",
    "community learning centre", "learning festival", "adult education", "young people",
    "green skills", "public library", "reading", "museum", "university", "neighbourhood",
    "employers", "citizenship", "health literacy", "early childhood", "vocational training",
    "sustainable development", "social cohesion", "refugees", "intergenerational", "parents",
    "inclusion", "apprenticeship", "women", "unemployed", "mobile library", "makerspace",
    "reading circle", "family learning", "climate", "well-being", "open data", "e-learning",
    "career guidance", "second-chance education", "people with disabilities", "study circle",
    "learning passport", "recognition of prior learning", "community garden", "media literacy",
    "financial literacy", "heritage", "local economy", "partnership", "mentoring", "outreach",
    "learning neighbourhood", "smart city", "recycling", "urban farming", "circular economy",
]
TOPICS_ZH = [
    "学习", "社区", "图书馆", "终身学习", "学习型城市", "社区学习", "老年人", "数字技能", "志愿者",
    "社区教育", "家庭教育", "阅读", "职业培训", "学习节", "成人教育", "青少年", "绿色技能", "移民",
    "老年大学", "社区学习中心", "继续教育", "博物馆", "可持续发展", "全民学习", "学习活动周",
    "农民工", "残疾人", "妇女", "扫盲", "数字鸿沟", "智慧城市", "市民", "公共图书馆", "学分银行",
    "社区学院", "读书会", "非遗", "传统文化", "健康素养", "垃圾分类", "职业技能", "创业",
    "亲子阅读", "乡村振兴", "网络课程", "学习共同体", "文化站", "市民学校", "线上学习", "城市治理",
]

# Generic English words (real) ...
_GENERIC_EN = """
the of and to in for with on by from as at that this is are was were be been has have had
will can may more most also new city local people year years time work support other their
its all each both many some such these those through between during after before about over
into across within without under among around per every which who where when how while not
only well first second third year help open free public group groups service services project
projects programme programmes activity activities course courses session sessions training
skills learning learners teacher teachers staff centre centres network networks partner
partners plan plans policy policies approach approaches method methods result results impact
evaluation evidence data survey report reports study research quality access cost costs fund
funding budget resource resources space spaces room rooms building buildings area areas
district districts region regions village villages town towns street streets home homes
family child children adult adults student students worker workers resident residents member
members citizen citizens person persons friend friends neighbour neighbours leader leaders
volunteer coordinator coordinators mayor council department office agency agencies
organisation organisations association associations foundation company companies business
businesses employer market markets job jobs employment income economy industry sector sectors
health care hospital clinic food water energy transport housing culture art arts music theatre
dance film sport sports game games garden gardens park parks nature environment river forest
climate weather season summer winter spring autumn week weeks month months day days evening
morning afternoon night hour hours minute meeting meetings event events festival fair
exhibition workshop workshops lecture lectures class classes lesson lessons tutor tutors
mentor guide guides book books story stories language languages english mathematics science
history technology computer computers phone phones tablet tablets internet online website app
platform video radio newspaper magazine media network print library libraries school schools
college colleges university universities museum museums theatre kitchen cafe shop shops
factory farm farms field fields road bridge square market hall church temple mosque station
small large big little long short high low good better best strong weak young old older
younger early late local national international global regional urban rural social cultural
economic political personal professional practical digital green active creative critical
basic advanced simple complex common rare special general main key important useful
successful difficult easy possible available different similar same whole full part half
daily weekly monthly yearly regular annual recent current future past present next last
began begin started start continue continued grew grow growing reached reach offer offered
offering provide provided providing create created creating build built develop developed
developing improve improved improving increase increased reduce reduced share shared sharing
learn learned teach taught train trained join joined joining meet met visit visited visitors
travel moved move bring brought take took make made give gave find found show showed use used
using need needs needed want wanted ask asked answer answered listen read wrote write written
speak spoke talk talked play played run ran walk walked cook cooked grow planted plant plants
repair repaired sell sold buy bought pay paid save saved change changed changes test tested
measure measured count counted record recorded track followed follow lead led manage managed
organise organised invite invited welcome welcomed celebrate celebrated recognise recognised
award awards prize certificate certificates diploma qualification qualifications credit credits
goal goals target targets aim aims idea ideas question questions problem problems challenge
challenges solution solutions opportunity opportunities barrier barriers risk risks need
strength strengths lesson experience experiences knowledge understanding confidence trust
motivation interest interests skill ability abilities habit habits routine practice practices
example examples case cases model models tool tools kit guide toolkit handbook manual booklet
map maps list lists form forms letter letters sign signs poster posters card cards ticket
bus train car bicycle bike boat walkway path trail tour tours route routes journey
"""
_GENERIC_ZH_FALLBACK = """
我们 他们 城市 发展 工作 活动 服务 项目 居民 学校 教师 学生 家长 孩子 老人 青年 企业 政府 部门
组织 机构 中心 平台 课程 培训 教育 文化 社会 经济 环境 健康 技术 网络 资源 空间 时间 地方 区域
街道 乡镇 农村 城乡 合作 参与 支持 提供 建立 推动 开展 组织 提升 提高 促进 加强 完善 创新 探索
实践 经验 成果 效果 影响 评估 数据 调查 报告 研究 质量 机会 需求 问题 挑战 方法 模式 工具 手册
"""

# French, Spanish, Russian and Arabic: smaller vocabularies (topics, then generic words, each
# roughly by frequency), for the translations into those languages. Arabic words get the
# article and the prefixes و، ب، ل (and their combinations) at random, as running text has them.
TOPICS_OTHER = {
    "fr": ["bibliothèque", "apprentissage", "communauté", "alphabétisation", "compétences numériques",
           "personnes âgées", "bénévoles", "apprentissage tout au long de la vie", "ville apprenante",
           "familles", "migrants", "formation professionnelle", "école", "éducation des adultes",
           "jeunes", "bibliothèques", "musée", "université", "quartier", "citoyenneté", "lecture",
           "développement durable", "cohésion sociale", "réfugiés", "parents", "inclusion", "femmes",
           "médiathèque", "fête de l'apprentissage", "jardin partagé"],
    "es": ["biblioteca", "aprendizaje", "comunidad", "alfabetización", "competencias digitales",
           "personas mayores", "voluntarios", "aprendizaje a lo largo de la vida", "ciudad del aprendizaje",
           "familias", "migrantes", "formación profesional", "escuela", "educación de adultos", "jóvenes",
           "bibliotecas", "museo", "universidad", "barrio", "ciudadanía", "lectura", "desarrollo sostenible",
           "cohesión social", "refugiados", "padres", "inclusión", "mujeres", "huerto comunitario",
           "festival del aprendizaje", "centro comunitario"],
    "ru": ["библиотека", "обучение", "сообщество", "грамотность", "цифровые навыки", "пожилые люди",
           "волонтёры", "обучение в течение всей жизни", "обучающийся город", "семьи", "мигранты",
           "профессиональное обучение", "школа", "образование взрослых", "молодёжь", "библиотеки",
           "музей", "университет", "район", "гражданственность", "чтение", "устойчивое развитие",
           "социальная сплочённость", "беженцы", "родители", "инклюзия", "женщины", "фестиваль обучения",
           "общественный сад", "библиотеке"],
    "ar": ["مكتبة", "تعلم", "مجتمع", "محو الأمية", "مهارات رقمية", "كبار السن", "متطوعون",
           "التعلم مدى الحياة", "مدينة التعلم", "أسر", "مهاجرون", "تدريب مهني", "مدرسة", "تعليم الكبار",
           "شباب", "مكتبات", "متحف", "جامعة", "حي", "مواطنة", "قراءة", "تنمية مستدامة", "تماسك اجتماعي",
           "لاجئون", "آباء", "إدماج", "نساء", "مهرجان التعلم", "حديقة مجتمعية", "مركز مجتمعي"],
}
GENERIC_OTHER = {
    "fr": """
de la le et les des en un une du pour dans par sur avec au aux qui que est sont a ont ce cette ces
son sa ses leur leurs plus tous chaque entre après avant pendant depuis sans sous vers ainsi aussi
ville villes habitant habitants projet projets programme activité activités atelier ateliers cours
formation centre réseau partenaire partenaires politique approche méthode résultat résultats
évaluation données étude qualité accès coût budget ressource espace salle bâtiment région village
rue maison famille enfant enfants adulte adultes élève élèves étudiant étudiants travailleur
citoyen citoyens ami voisin voisins responsable maire conseil service association fondation
entreprise entreprises emploi travail revenu économie santé soin hôpital alimentation eau énergie
transport logement culture art musique théâtre danse sport jeu jardin parc nature environnement
climat saison été hiver printemps automne semaine mois jour soir matin heure réunion événement
fête exposition conférence leçon tuteur guide livre livres histoire langue sciences technologie
ordinateur téléphone internet site application plateforme vidéo radio journal petit grand jeune
vieux local national international urbain rural social culturel économique numérique vert actif
créatif important utile difficile facile nouveau nouvelle premier dernier chaque année années
commencer continuer offrir proposer créer construire développer améliorer augmenter réduire
partager apprendre enseigner former rencontrer visiter lire écrire parler jouer cuisiner planter
réparer vendre acheter changer mesurer suivre organiser inviter accueillir célébrer reconnaître
prix certificat diplôme objectif cible idée question problème défi solution occasion obstacle
expérience connaissance confiance motivation intérêt capacité habitude pratique exemple outil
""",
    "es": """
de la el y los las en un una del para por con al que es son ha han este esta estos su sus más
todos cada entre después antes durante desde sin bajo hacia también así ciudad ciudades habitante
habitantes proyecto proyectos programa actividad actividades taller talleres curso cursos formación
centro red socio socios política enfoque método resultado resultados evaluación datos estudio
calidad acceso costo presupuesto recurso espacio sala edificio región pueblo calle casa familia
niño niños adulto adultos alumno alumnos estudiante estudiantes trabajador ciudadano ciudadanos
amigo vecino vecinos responsable alcalde consejo servicio asociación fundación empresa empresas
empleo trabajo ingreso economía salud cuidado hospital alimentación agua energía transporte
vivienda cultura arte música teatro danza deporte juego jardín parque naturaleza ambiente clima
estación verano invierno primavera otoño semana mes día tarde mañana hora reunión evento fiesta
exposición conferencia lección tutor guía libro libros historia lengua ciencias tecnología
computadora teléfono internet sitio aplicación plataforma vídeo radio periódico pequeño grande
joven viejo local nacional internacional urbano rural social cultural económico digital verde
activo creativo importante útil difícil fácil nuevo nueva primero último año años empezar
continuar ofrecer proponer crear construir desarrollar mejorar aumentar reducir compartir aprender
enseñar formar encontrar visitar leer escribir hablar jugar cocinar plantar reparar vender comprar
cambiar medir seguir organizar invitar acoger celebrar reconocer premio certificado diploma
objetivo meta idea pregunta problema reto solución oportunidad barrera experiencia conocimiento
confianza motivación interés capacidad hábito práctica ejemplo herramienta educación participación
""",
    "ru": """
и в на с по для из от до при о об за под над между после перед через без также это этот эта эти
его её их все каждый год года лет город города жители жителей проект проекты программа
деятельность мероприятия мастерская мастерские курс курсы обучения центр сеть партнёр партнёры
политика подход метод результат результаты оценка данные исследование качество доступ стоимость
бюджет ресурс пространство зал здание регион деревня улица дом семья ребёнок дети взрослый
взрослые ученик ученики студент студенты работник гражданин граждане друг сосед соседи
руководитель мэр совет служба ассоциация фонд предприятие компании занятость работа доход
экономика здоровье уход больница питание вода энергия транспорт жильё культура искусство музыка
театр танец спорт игра сад парк природа окружающая среда климат сезон лето зима весна осень
неделя месяц день вечер утро час встреча событие праздник выставка лекция урок наставник книга
книги история язык наука технологии компьютер телефон интернет сайт приложение платформа видео
радио газета маленький большой молодой старый местный национальный международный городской
сельский социальный культурный экономический цифровой зелёный активный творческий важный полезный
трудный лёгкий новый новая первый последний начать продолжать предлагать создавать строить
развивать улучшать увеличивать сокращать делиться учиться учить встречать посещать читать писать
говорить играть готовить сажать чинить продавать покупать менять измерять следить организовать
приглашать принимать праздновать признавать премия сертификат диплом цель идея вопрос проблема
задача решение возможность препятствие опыт знания доверие мотивация интерес навык привычка
практика пример инструмент занятия
""",
    "ar": """
في من إلى على عن مع هذا هذه ذلك التي الذي كل بين بعد قبل خلال منذ دون نحو أيضا مدينة مدن سكان
ساكن مشروع مشاريع برنامج برامج نشاط أنشطة ورشة ورشات دورة دورات تدريب مركز شبكة شريك شركاء
سياسة نهج طريقة نتيجة نتائج تقييم بيانات دراسة جودة وصول تكلفة ميزانية مورد فضاء قاعة مبنى منطقة
قرية شارع بيت أسرة طفل أطفال بالغ بالغون تلميذ تلاميذ طالب طلاب عامل مواطن مواطنون صديق جار
جيران مسؤول رئيس البلدية مجلس خدمة جمعية مؤسسة شركة شركات عمل توظيف دخل اقتصاد صحة رعاية
مستشفى غذاء ماء طاقة نقل سكن ثقافة فن موسيقى مسرح رقص رياضة لعبة حديقة منتزه طبيعة بيئة مناخ
موسم صيف شتاء ربيع خريف أسبوع شهر يوم مساء صباح ساعة اجتماع حدث احتفال معرض محاضرة درس مرشد
كتاب كتب تاريخ لغة علوم تكنولوجيا حاسوب هاتف إنترنت موقع تطبيق منصة فيديو إذاعة صحيفة صغير
كبير شاب قديم محلي وطني دولي حضري ريفي اجتماعي ثقافي اقتصادي رقمي أخضر نشيط مبدع مهم مفيد صعب
سهل جديد جديدة أول آخر سنة سنوات بدأ استمر قدم اقترح أنشأ بنى طور حسن زاد خفض شارك تعلم علم
التقى زار قرأ كتب تحدث لعب طبخ زرع أصلح باع اشترى غير قاس تابع نظم دعا استقبل احتفل اعترف جائزة
شهادة دبلوم هدف فكرة سؤال مشكلة تحد حل فرصة عائق تجربة معرفة ثقة دافع اهتمام مهارة عادة ممارسة
مثال أداة
""",
}
HEADINGS_OTHER = {
    "fr": [("Pourquoi", "Ce qui se passe", "Ce qui a changé"), ("Le besoin", "Ce que nous avons fait", "Résultats")],
    "es": [("Por qué", "Qué ocurre", "Qué cambió"), ("La necesidad", "Lo que hicimos", "Resultados")],
    "ru": [("Зачем", "Что происходит", "Что изменилось"), ("Потребность", "Что мы сделали", "Результаты")],
    "ar": [("لماذا", "ما الذي يحدث", "ما الذي تغير"), ("الحاجة", "ما قمنا به", "النتائج")],
}
LEAD_OTHER = {"fr": "À {city}, {organisation} mène cette pratique.",
              "es": "En {city}, {organisation} lleva a cabo esta práctica.",
              "ru": "В городе {city} эту практику ведёт {organisation}.",
              "ar": "في {city}، تنفذ {organisation} هذه الممارسة."}
ARABIC_PREFIXES = (["ال"] * 6 + ["وال", "بال", "لل", "و", "ب", "فال", "كال"]) + [""] * 12
ARABIC_PARTICLES = frozenset("في من إلى على عن مع هذا هذه ذلك التي الذي كل بين بعد قبل خلال منذ دون نحو أيضا".split())
OTHER_LANGUAGES = tuple(TOPICS_OTHER)
SPACED = ("en", *OTHER_LANGUAGES)   # languages whose words are separated by spaces

# --- pseudo-words: a deterministic, seed-independent tail of rare generic words -----------

_ONSETS = ["b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m", "n",
           "p", "pl", "pr", "r", "s", "sh", "sk", "st", "t", "tr", "v", "w", "z"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io"]
_CODAS = ["", "", "n", "r", "l", "m", "nd", "st", "th", "x", "k"]


def _pseudo_words(count, rng, syllables=(2, 3)):
    seen, words = set(), []
    while len(words) < count:
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                       for _ in range(rng.choice(syllables)))
        if 5 <= len(word) <= 12 and word not in seen:
            seen.add(word)
            words.append(word)
    return words


def _chinese_generic(count):
    """Common multi-character words from jieba's dictionary (the segmenter the portal uses),
    by frequency; a short fixed list when jieba is not installed."""
    try:
        import jieba
        path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
        rows = []
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                word, freq, *_ = line.split(" ")
                if 2 <= len(word) <= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", word):
                    rows.append((-int(freq), word))
        rows.sort()
        topics = set(TOPICS_ZH)
        return [w for _, w in rows if w not in topics][:count]
    except ImportError:
        return _GENERIC_ZH_FALLBACK.split()


class Vocabulary:
    """Fixed word lists with Zipf weights (rank 1 most frequent)."""

    RARE_RATE = 0.001  # share of generic English tokens drawn uniformly from the rare tail

    def __init__(self, generic_en=3500, generic_zh=4000, rare_tail=20000):
        rng = random.Random(20240611)  # fixed: the vocabulary never depends on --seed
        real = list(dict.fromkeys(_GENERIC_EN.split()))
        pseudo = [w for w in _pseudo_words(generic_en + rare_tail, rng) if w not in set(real)]
        self.generic_en = real + pseudo[:generic_en]
        # Words that occur about once per 1,000 practices each (like names): "rare words".
        self.rare_tail = pseudo[generic_en:]
        self.generic_zh = _chinese_generic(generic_zh)
        self.topics_en, self.topics_zh = TOPICS_EN, TOPICS_ZH
        for language in OTHER_LANGUAGES:
            setattr(self, f"generic_{language}", list(dict.fromkeys(GENERIC_OTHER[language].split())))
            setattr(self, f"topics_{language}", TOPICS_OTHER[language])
        self.cum = {name: _zipf_cum(len(getattr(self, name)), s)
                    for name, s in (("generic_en", 1.0), ("generic_zh", 1.0),
                                    ("topics_en", 0.9), ("topics_zh", 0.9),
                                    *((f"{kind}_{language}", s) for language in OTHER_LANGUAGES
                                      for kind, s in (("generic", 1.0), ("topics", 0.9))))}



def _zipf_cum(n, s):
    return list(itertools.accumulate(1.0 / (r ** s) for r in range(1, n + 1)))


# --- reference data ---------------------------------------------------------------------

def load_reference(data_dir=DATA):
    with open(os.path.join(data_dir, "member_states.yaml"), encoding="utf-8") as handle:
        states = yaml.safe_load(handle)["member_states"]
    with open(os.path.join(data_dir, "key_features.yaml"), encoding="utf-8") as handle:
        areas = yaml.safe_load(handle)["areas"]
    codes = [kf["code"] for a in areas for fa in a["focus_areas"] for kf in fa["key_features"]]
    return [s["iso"] for s in states], codes


ORGANISATION_TYPES = {
    "public_library": "Public Library", "school": "School", "university": "University",
    "museum": "Museum", "community_learning_centre": "Community Learning Centre", "ngo": "Association",
    "municipality": "City Council", "business": "Company", "other": "Foundation",
}
ORGANISATION_TYPES_ZH = {
    "public_library": "图书馆", "school": "学校", "university": "大学", "museum": "博物馆",
    "community_learning_centre": "社区学习中心", "ngo": "协会", "municipality": "市政府",
    "business": "公司", "other": "基金会",
}
TARGET_GROUPS = ["children", "young_people", "adults", "older_people", "families", "migrants",
                 "people_with_disabilities", "women", "unemployed", "low_literacy", "all"]
HEADINGS_EN = [("Why", "What happens", "What changed"), ("The need", "What we did", "Results"),
               ("Background", "Activities", "Lessons")]
HEADINGS_ZH = [("背景", "做法", "成效"), ("需求", "主要活动", "结果"), ("缘起", "实施过程", "经验")]


def make_cities(rng, countries, count):
    """`count` generated cities, assigned to countries with a skewed distribution (a few
    countries have many member cities, as in the real network). [(iso, name)]"""
    order = countries[:]
    rng.shuffle(order)
    weights = list(itertools.accumulate(1.0 / (r ** 0.8) for r in range(1, len(order) + 1)))
    names = _pseudo_words(count, random.Random(rng.random()), syllables=(2, 3))
    cities = []
    for i, name in enumerate(names):
        iso = order[i] if i < min(len(order), count // 3) else order[_pick(rng, weights)]
        cities.append((iso, name.capitalize() + rng.choice(["", "", "", " City", "burg", "ville", "stad"])))
    return cities


def _pick(rng, cum):
    return bisect.bisect(cum, rng.random() * cum[-1])


# --- text ---------------------------------------------------------------------------------

class Writer:
    def __init__(self, vocab, rng):
        self.v, self.rng = vocab, rng

    def _generic(self, lang, k):
        words = getattr(self.v, f"generic_{lang}")
        tokens = self.rng.choices(words, cum_weights=self.v.cum[f"generic_{lang}"], k=k)
        if lang == "en" and k:
            rand, tail = self.rng.random, self.v.rare_tail
            for _ in range(int(k * self.v.RARE_RATE + rand())):
                tokens[int(rand() * k)] = tail[int(rand() * len(tail))]
        return self._prefixed(lang, tokens)

    def _topics(self, lang, k):
        words = getattr(self.v, f"topics_{lang}")
        return self._prefixed(lang, self.rng.choices(words, cum_weights=self.v.cum[f"topics_{lang}"], k=k))

    def _prefixed(self, lang, tokens):
        if lang != "ar":
            return tokens
        choice = self.rng.choice
        return [t if t.startswith("ال") or t in ARABIC_PARTICLES else choice(ARABIC_PREFIXES) + t for t in tokens]

    def tokens(self, lang, n, topic_share):
        """About n words: generic words with topic terms (possibly multi-word) mixed in."""
        k_topic = max(1, int(n * topic_share * self.rng.uniform(0.6, 1.4)))
        topics = self._topics(lang, k_topic)
        used = sum(t.count(" ") + 1 for t in topics) if lang in SPACED else k_topic
        tokens = self._generic(lang, max(0, n - used))
        rand = self.rng.random
        for term in topics:
            tokens.insert(int(rand() * (len(tokens) + 1)), term)
        return tokens

    def sentences(self, lang, tokens):
        rand, out, i = self.rng.random, [], 0
        while i < len(tokens):
            j = i + 8 + int(rand() * 13)
            chunk = tokens[i:j]
            if lang in SPACED:
                s = " ".join(chunk)
                out.append(s[0].upper() + s[1:] + ".")
            else:
                if len(chunk) > 10:
                    cut = 4 + int(rand() * (len(chunk) - 7))
                    out.append("".join(chunk[:cut]) + "，" + "".join(chunk[cut:]) + "。")
                else:
                    out.append("".join(chunk) + "。")
            i = j
        return out

    def title(self, lang, city):
        rng = self.rng
        if lang == "en":
            words = self.tokens("en", rng.randint(6, 10), 0.25)
            words += rng.choice([["in", city], ["for", rng.choice(["all", "everyone", "residents"])], []])
            s = " ".join(words)
        elif lang in SPACED:
            s = " ".join(self.tokens(lang, rng.randint(6, 10), 0.25))
        else:
            s = "".join(self.tokens("zh", rng.randint(5, 8), 0.3))
            if rng.random() < 0.4:
                s = city + s
        return s[0].upper() + s[1:]

    def summary(self, lang):
        rng = self.rng
        if lang in SPACED:
            return " ".join(self.sentences(lang, self.tokens(lang, rng.randint(35, 70), 0.15)))
        text = "".join(self.sentences("zh", self.tokens("zh", rng.randint(14, 30), 0.2)))
        return _cut_cjk(text, rng.randint(45, 78))  # <= 80 "words" with CJK counted per character

    def body(self, lang, city, organisation):
        rng = self.rng
        n = rng.randint(300, 500)
        heads = rng.choice(HEADINGS_EN if lang == "en" else HEADINGS_OTHER.get(lang, HEADINGS_ZH))
        n -= 6 if lang in SPACED else 3           # the headings' words count too
        parts = [int(n * f) for f in (0.3, 0.45)]
        sizes = [parts[0], parts[1], n - parts[0] - parts[1]]
        lead = (f"In {city}, {organisation} runs this practice." if lang == "en"
                else LEAD_OTHER[lang].format(city=city, organisation=organisation) if lang in LEAD_OTHER
                else f"{city}的{organisation}开展了这项实践。")
        blocks = []
        for head, size in zip(heads, sizes, strict=True):
            sents = self.sentences(lang, self.tokens(lang, max(size - (6 if not blocks else 0), 5), 0.12))
            if not blocks:
                sents.insert(0, lead)
            paragraphs, i = [], 0
            while i < len(sents):
                k = rng.randint(3, 6)
                paragraphs.append((" " if lang in SPACED else "").join(sents[i:i + k]))
                i += k
            blocks.append(f"## {head}\n\n" + "\n\n".join(paragraphs))
        return "\n\n".join(blocks)


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\s\u3400-\u9fff\uf900-\ufaff]+")


def _cut_cjk(text, limit):
    """At most `limit` words as portal.text.count_words counts them, ending with 。"""
    words = _CJK.findall(text)
    if len(words) <= limit:
        return text
    cut = "".join(words[:limit - 1]).rstrip("，。")
    return cut + "。"


def count_words(text):
    return len(_CJK.findall(text or ""))


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _portal_words(text):
    """Words as portal.text.count_words counts them (two Chinese characters to a word)."""
    runs = [w for w in _CJK.findall(text) if not _HAN.fullmatch(w) and re.search(r"[^\W_]", w)]
    return len(runs) - (-len(_HAN.findall(text)) // 2)


# --- practices ------------------------------------------------------------------------------

CHUNK = 2000  # practices per independently seeded chunk (fixed: part of the output's definition)


class Setting:
    """What every chunk shares: vocabulary, reference data, the cities (from the seed)."""

    def __init__(self, seed, cities_count):
        self.seed = seed
        self.vocab = Vocabulary()
        self.countries, self.key_features = load_reference()
        self.cities = make_cities(random.Random(seed), self.countries, cities_count)
        self.city_cum = list(itertools.accumulate(1.0 / (r ** 0.7) for r in range(1, len(self.cities) + 1)))


def practices(n, seed=1, cities_count=300, setting=None):
    setting = setting or Setting(seed, cities_count)
    for start in range(0, n, CHUNK):
        yield from chunk(setting, start, min(n, start + CHUNK))


def chunk(setting, start, stop):
    """Practices start..stop-1; chunk k has its own generator seeded by (seed, k), so the
    output is the same however many processes write it."""
    seed = setting.seed
    rng = random.Random(f"{seed}:{start // CHUNK}")
    vocab, key_features, cities, city_cum = setting.vocab, setting.key_features, setting.cities, setting.city_cum
    writer = Writer(vocab, rng)
    # The sections a published practice needs (need, what was done, results) come from their
    # own generator, so every other field is what it was before the portal asked for them.
    sections = Writer(vocab, random.Random(f"{seed}:{start // CHUNK}:sections"))
    # Translations into the four languages added with issue 15, likewise on their own.
    others = Writer(vocab, random.Random(f"{seed}:{start // CHUNK}:languages"))
    org_types = list(ORGANISATION_TYPES)
    for i in range(start, stop):
        lang = "en" if rng.random() < 0.7 else "zh"
        iso, city = cities[_pick(rng, city_cum)]
        org_type = rng.choice(org_types)
        organisation = (f"{city} {ORGANISATION_TYPES[org_type]}" if lang == "en"
                        else f"{city}{ORGANISATION_TYPES_ZH[org_type]}")
        item = {
            "external_id": f"bench-{seed}-{i:07d}",
            "title": writer.title(lang, city),
            "summary": writer.summary(lang),
            "body": writer.body(lang, city, organisation),
            "language": lang, "country": iso, "city": city,
            "commitments": sorted(rng.sample(range(1, 13), rng.randint(1, 3))),
            "organisation": organisation, "organisation_type": org_type,
            "year": rng.randint(2000, 2025),
            "target_groups": sorted(rng.sample(TARGET_GROUPS, rng.randint(1, 3))),
            "key_features": sorted(rng.sample(key_features, rng.randint(0, 3))),
        }
        for section, size in (("need", 20), ("activities", 35), ("results", 20)):
            words = sections.sentences(lang, sections.tokens(lang, size, 0.15))
            item[section] = (" " if lang == "en" else "").join(words)
        if lang == "zh" and _portal_words(item["summary"]) < 20:   # a summary needs 20 words
            item["summary"] += "".join(sections.sentences("zh", sections.tokens("zh", 8, 0.15)))
        if rng.random() < 0.05:
            item["kind"] = "case_study"
            item["results"] = " ".join(writer.sentences(lang, writer.tokens(lang, 40, 0.15))) \
                if lang == "en" else "".join(writer.sentences(lang, writer.tokens(lang, 30, 0.15)))
        if rng.random() < 0.2:
            other = "zh" if lang == "en" else "en"
            translation = {"language": other, "title": writer.title(other, city),
                           "summary": writer.summary(other)}
            if rng.random() < 0.5:
                translation["body"] = writer.body(other, city, organisation)
            item["translation"] = translation
        if "translation" not in item and others.rng.random() < 0.25:
            other = others.rng.choice(OTHER_LANGUAGES)
            translation = {"language": other, "title": others.title(other, city),
                           "summary": _fit_summary(others.summary(other))}
            if others.rng.random() < 0.5:
                translation["body"] = others.body(other, city, organisation)
            item["translation"] = translation
        if rng.random() < 0.15:
            item["ongoing"] = False
        yield item


def _fit_summary(text, limit=80):
    """At most `limit` words (a summary's limit), ending with a full stop."""
    words = text.split()
    return text if len(words) <= limit else " ".join(words[:limit]).rstrip(".") + "."


_SETTING = None


def _chunk_text(job):
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in chunk(_SETTING, *job))


def _chunk_file(job):
    """Write one chunk to its own file (so the parent does not copy the text); its path."""
    path, start, stop = job
    with open(path, "w", encoding="utf-8") as out:
        out.write(_chunk_text((start, stop)))
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of practices")
    parser.add_argument("out", help="output .jsonl file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cities", type=int, default=300, help="number of generated cities (default 300)")
    parser.add_argument("--procs", type=int, default=os.cpu_count() or 1,
                        help="worker processes (the output does not depend on it)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    temporary = args.out + ".tmp"
    global _SETTING
    _SETTING = Setting(args.seed, args.cities)
    starts = range(0, args.n, CHUNK)
    jobs = [(s, min(args.n, s + CHUNK)) for s in starts]
    if args.procs > 1 and len(jobs) > 1:
        import multiprocessing
        import shutil
        parts = [(f"{temporary}.{k}", *job) for k, job in enumerate(jobs)]
        try:
            with multiprocessing.get_context("fork").Pool(args.procs) as pool:
                pool.map(_chunk_file, parts, chunksize=1)
            with open(temporary, "wb") as out:
                for path, *_ in parts:
                    with open(path, "rb") as part:
                        shutil.copyfileobj(part, out, 1 << 20)
        finally:
            for path, *_ in parts:
                if os.path.exists(path):
                    os.remove(path)
    else:
        with open(temporary, "w", encoding="utf-8") as out:
            for job in jobs:
                out.write(_chunk_text(job))
    os.replace(temporary, args.out)
    print(f"{args.n} practices written to {args.out} in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)


if __name__ == "__main__":
    main()

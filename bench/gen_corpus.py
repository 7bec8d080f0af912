#!/usr/bin/env python3
"""Deterministic synthetic corpus for benchmarking vardguide (and, with --hugo, a comparable Hugo site).

    python3 bench/gen_corpus.py --articles N --clinics M --out DIR [--hugo DIR] [--seed 1177]
                                [--profile zipf|uniform|health] [--words 600] [--langs sv,en,ar]

DIR gets a complete vardguide site: site.yaml, translations/ and themes/ copied from the repository
(so the real theme is used), content/fees/ and content/pages/ copied too, N articles in each
language (content/articles/aNNNNN/<lang>.md, ≈600 words of varied Markdown each) and M clinics
(content/clinics/cNNNNN.yaml). The languages are sv, en and ar unless --langs picks others of
sv, en, ar, fa, fi and so (sv is always among them; `--langs sv,en,ar,fa,fi,so` is the
national-scale six-language corpus). With --hugo, a Hugo site with the same article bodies (care
cards as a shortcode, article links as `ref`), the same languages and a small theme.

Profiles: `zipf` (the default) draws words with Zipf-like weights; `uniform` a small vocabulary
evenly; `health` looks like a real health portal: long articles (≈1,800 words) with many headings
and subheadings, several lists and tables, care cards in every article and many links; titles
built from a few conditions, so that many share their first words and letters; and half the
articles in three very large topics.

The same arguments and seed always give byte-identical files. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LANGS = ["sv", "en", "ar"]  # the default --langs
ALL_LANGS = ["sv", "en", "ar", "fa", "fi", "so"]  # the languages --langs accepts, in output order
ARABIC_SCRIPT = {"ar", "fa"}  # right to left, no capitals, "،" and "؟"; no slug (the key is used)
ADJECTIVE_AFTER_NOUN = {"ar", "fa", "so"}  # word order in titles: "الحمى الحاد", "Qandho daran"
KINDS = ["symptom", "illness", "treatment", "advice"]
LEVELS = ["emergency", "urgent", "contact", "selfcare"]
REGIONS = ["stockholm", "vastra-gotaland", "skane"]
RESERVED = {"about", "a-o", "topics", "kinds", "languages", "search", "assets", "clinics", "fees",
            "eservices", "regions"}

# --------------------------------------------------------------------------------------------------
# Vocabulary. Per language: conditions (title words), body parts, qualifiers, adjectives, content
# words (health nouns, verbs, common words) and function words. Sampled with Zipf-like weights so
# term frequencies in the search index look like real text.
# --------------------------------------------------------------------------------------------------

SV = dict(
    conditions="""feber huvudvärk hosta förkylning influensa halsont magsjuka diarré förstoppning illamående
        kräkningar yrsel trötthet sömnbesvär klåda utslag eksem astma allergi hösnuva migrän ryggont
        ledvärk muskelvärk urinvägsinfektion öroninflammation bihåleinflammation lunginflammation
        halsfluss bröstsmärta andnöd högt-blodtryck diabetes näsblod halsbränna magkatarr gallsten
        njursten bältros vattkoppor mässling påssjuka kikhosta vårtor svamp akne psoriasis nässelutslag
        solbränna brännskada stukning benbrott hjärnskakning tandvärk blåsor skabb huvudlöss springmask
        ögoninflammation synfel tinnitus hörselnedsättning snarkning sömnapné nedstämdhet ångest oro
        stress viktnedgång järnbrist blodbrist sköldkörtelsjukdom benskörhet gikt artros reumatism
        hemorrojder ljumskbråck åksjuka värmeslag förfrysning fästingbett getingstick ormbett
        matförgiftning vätskebrist""".split(),
    body="""huvudet halsen magen ryggen bröstet örat ögat näsan munnen tänderna huden händerna fötterna
        knät axeln nacken armen benet höften buken ljumsken tårna fingrarna läpparna tungan""".split(),
    qualifiers="""hos-barn hos-vuxna hos-äldre hos-spädbarn hos-tonåringar under-graviditeten
        efter-förlossningen vid-diabetes vid-astma på-natten på-sommaren på-vintern efter-resa
        efter-träning i-skolan på-förskolan vid-feber som-kommer-tillbaka som-varar-länge
        hos-idrottare efter-operation vid-amning under-klimakteriet hos-personer-med-hjärtsjukdom
        i-ansiktet i-munnen på-huden i-ögonen vid-stress""".split(),
    adjectives="""akut kronisk lindrig svår återkommande plötslig ihållande långvarig tillfällig smittsam
        vanlig ovanlig allvarlig kraftig""".split(),
    content="""feber huvudvärk hosta förkylning influensa magsjuka smärta värk besvär symtom sjukdom
        behandling undersökning läkemedel tablett vaccin vaccination recept apotek vårdcentral sjukhus
        akutmottagning jourmottagning läkare sjuksköterska barnmorska barn bebis vuxna äldre gravid
        graviditet amning kost motion sömn vila vatten vätska salt socker frukt grönsaker tobak alkohol
        stress oro ångest svullnad rodnad blödning sår brännskada termometer temperatur grader
        infektion virus bakterier antibiotika immunförsvar blodtryck blodsocker hjärta lungor mage tarm
        hud huvud hals öra näsa ögon tänder mun rygg knä axel händer fötter njurar lever urinblåsa
        kropp hjärna nerver blod vikt andning puls syre hälsa livsstil egenvård kräm salva nässpray
        inhalator droppar dos sjukskrivning rehabilitering fysioterapeut kurator psykolog dietist
        förälder vårdnadshavare familj skola förskola arbete hem råd hjälp tolk telefon journal
        information risk orsak tecken provtagning blodprov röntgen remiss tid vecka dag natt morgon
        kväll timme dygn månad år tvål handsprit munskydd näsdukar smittrisk inkubationstid
        utslag klåda sveda yrsel trötthet illamående diarré kräkningar förstoppning astma allergi
        pollen damm pälsdjur eksem migrän ljus ljud mörker kyla värme solen badrum kök säng
        hostmedicin febernedsättande smärtstillande paracetamol ibuprofen bipacksedel biverkningar
        har får kan ska bör behöver brukar känner märker mäter tar dricker äter sover vilar ringer
        kontaktar söker undersöker behandlar lindrar förebygger smittar sprids påverkar orsakar
        minskar ökar förvärras förbättras hostar nyser kliar svider värker andas svettas kissar
        kräks blöder läker hjälper rekommenderar skriver följer undviker tvättar stannar kommer blir
        finns gäller beror varar försvinner återkommer tål klarar orkar väntar
        vanlig lindrig svår allvarlig akut kronisk tillfällig hög låg torr röd svullen öm trött sjuk
        frisk smittsam farlig ofarlig receptfri säker viktig snabb långsam plötslig ihållande kraftig
        mild varm kall liten stor ny gammal ung nedsatt normal bättre sämre enkel möjlig nödvändig
        lämplig försiktig regelbunden""".split(),
    function="""och att det i på som är en ett för med av till om inte du den har kan eller men när ofta
        ibland oftast också mycket mer mindre efter innan under utan hos vid från så bara alltid
        aldrig redan fortfarande därför eftersom även både många flera några alla andra din ditt dina
        sig man vi de dem vara blir kan ska kanske särskilt ungefär direkt genast snart länge""".split(),
)

EN = dict(
    conditions="""fever headache cough cold influenza sore-throat gastroenteritis diarrhoea constipation
        nausea vomiting dizziness tiredness insomnia itching rash eczema asthma allergy hay-fever
        migraine back-pain joint-pain muscle-pain urinary-tract-infection ear-infection sinusitis
        pneumonia tonsillitis chest-pain breathlessness high-blood-pressure diabetes nosebleed heartburn
        gastritis gallstones kidney-stones shingles chickenpox measles mumps whooping-cough warts
        thrush acne psoriasis hives sunburn burns sprains fractures concussion toothache blisters
        scabies head-lice threadworms conjunctivitis tinnitus hearing-loss snoring sleep-apnoea
        low-mood anxiety worry stress weight-loss iron-deficiency anaemia thyroid-disease osteoporosis
        gout osteoarthritis rheumatism haemorrhoids hernia motion-sickness heatstroke frostbite
        tick-bites wasp-stings food-poisoning dehydration""".split(),
    body="""head throat stomach back chest ear eye nose mouth teeth skin hands feet knee shoulder neck arm
        leg hip abdomen groin toes fingers lips tongue""".split(),
    qualifiers="""in-children in-adults in-older-people in-babies in-teenagers during-pregnancy
        after-giving-birth with-diabetes with-asthma at-night in-summer in-winter after-travel
        after-exercise at-school at-preschool with-fever that-keeps-coming-back that-lasts-long
        in-athletes after-surgery while-breastfeeding during-menopause in-people-with-heart-disease
        on-the-face in-the-mouth on-the-skin in-the-eyes during-stress""".split(),
    adjectives="""acute chronic mild severe recurring sudden persistent long-term temporary contagious common
        rare serious""".split(),
    content="""fever headache cough cold influenza stomach pain ache symptoms illness disease treatment
        examination medicine tablet vaccine vaccination prescription pharmacy health-centre hospital
        emergency department doctor nurse midwife child baby adults older pregnant pregnancy
        breastfeeding diet exercise sleep rest water fluids salt sugar fruit vegetables tobacco alcohol
        stress worry anxiety swelling redness bleeding wound burn thermometer temperature degrees
        infection virus bacteria antibiotics immune system blood pressure sugar heart lungs bowel skin
        head throat ear nose eyes teeth mouth back knee shoulder hands feet kidneys liver bladder body
        brain nerves blood weight breathing pulse oxygen health lifestyle self-care cream ointment
        nasal spray inhaler drops dose sick-leave rehabilitation physiotherapist counsellor
        psychologist dietitian parent guardian family school preschool work home advice help
        interpreter phone record information risk cause sign sample test x-ray referral appointment
        week day night morning evening hour month year soap sanitiser mask tissues rash itching
        stinging dizziness tiredness nausea diarrhoea vomiting constipation asthma allergy pollen dust
        pets eczema migraine light noise darkness heat sun bathroom kitchen bed painkillers
        paracetamol ibuprofen leaflet side-effects has gets can should needs usually feels notices
        measures takes drinks eats sleeps rests calls contacts seeks examines treats eases prevents
        spreads affects causes reduces increases worsens improves coughs sneezes itches stings hurts
        breathes sweats pees vomits bleeds heals helps recommends writes follows avoids washes stays
        comes becomes exists applies depends lasts disappears returns tolerates manages waits
        common mild severe serious acute chronic temporary high low dry red swollen sore tired sick
        healthy contagious dangerous harmless safe important fast slow sudden persistent strong gentle
        warm cold small large new old young reduced normal better worse simple possible necessary
        suitable careful regular""".split(),
    function="""the and to of a in is you it that for with on or as be if your are not can this when at by
        from but have more often sometimes usually also very less after before during without about
        so only always never already still therefore because even both many several some all other
        they them we may might especially about directly immediately soon long most than there""".split(),
)

AR = dict(
    conditions="""الحمى الصداع السعال الزكام الإنفلونزا التهاب-الحلق النزلة-المعوية الإسهال الإمساك
        الغثيان القيء الدوخة التعب الأرق الحكة الطفح-الجلدي الإكزيما الربو الحساسية حمى-القش الشقيقة
        ألم-الظهر ألم-المفاصل ألم-العضلات التهاب-المسالك-البولية التهاب-الأذن التهاب-الجيوب-الأنفية
        الالتهاب-الرئوي التهاب-اللوزتين ألم-الصدر ضيق-التنفس ارتفاع-ضغط-الدم السكري نزيف-الأنف
        حرقة-المعدة التهاب-المعدة حصى-المرارة حصى-الكلى الحزام-الناري جدري-الماء الحصبة النكاف
        السعال-الديكي الثآليل الفطريات حب-الشباب الصدفية الشرى حروق-الشمس الحروق الالتواء الكسور
        الارتجاج ألم-الأسنان البثور الجرب قمل-الرأس الديدان التهاب-العين طنين-الأذن ضعف-السمع الشخير
        انقطاع-النفس-أثناء-النوم الحزن القلق التوتر فقدان-الوزن نقص-الحديد فقر-الدم أمراض-الغدة-الدرقية
        هشاشة-العظام النقرس خشونة-المفاصل الروماتيزم البواسير الفتق دوار-الحركة ضربة-الشمس
        لدغات-القراد لسعات-الدبابير التسمم-الغذائي الجفاف""".split(),
    body="""الرأس الحلق المعدة الظهر الصدر الأذن العين الأنف الفم الأسنان الجلد اليدين القدمين الركبة
        الكتف الرقبة الذراع الساق الورك البطن""".split(),
    qualifiers="""عند-الأطفال عند-البالغين عند-كبار-السن عند-الرضع عند-المراهقين أثناء-الحمل بعد-الولادة
        مع-السكري مع-الربو في-الليل في-الصيف في-الشتاء بعد-السفر بعد-التمرين في-المدرسة في-الروضة
        مع-الحمى الذي-يتكرر الذي-يستمر-طويلًا عند-الرياضيين بعد-العملية أثناء-الرضاعة
        في-سن-اليأس عند-مرضى-القلب في-الوجه في-الفم على-الجلد في-العينين""".split(),
    adjectives="""الحاد المزمن الخفيف الشديد المتكرر المفاجئ المستمر المؤقت المعدي الشائع النادر الخطير
        القوي الجاف المتورم""".split(),
    content="""الحمى الصداع السعال الزكام الإنفلونزا الألم الأعراض المرض العلاج الفحص الدواء الأدوية
        الحبوب اللقاح التطعيم الوصفة الصيدلية المستوصف المستشفى الطوارئ الطبيب الطبيبة الممرضة القابلة
        الطفل الأطفال الرضيع البالغين المسنين الحامل الحمل الرضاعة الطعام الرياضة النوم الراحة الماء
        السوائل الملح السكر الفواكه الخضروات التدخين الكحول التوتر القلق التورم الاحمرار النزيف الجرح
        الحروق ميزان الحرارة درجة درجات العدوى الفيروس الفيروسات البكتيريا المضادات الحيوية المناعة
        الضغط القلب الرئتين المعدة الأمعاء الجلد الرأس الحلق الأذن الأنف العين الأسنان الفم الظهر
        الركبة الكتف اليدين القدمين الكلى الكبد المثانة الجسم الدماغ الأعصاب الدم الوزن التنفس النبض
        الأكسجين الصحة الحياة الرعاية الذاتية الكريم المرهم البخاخ القطرات الجرعة الإجازة المرضية
        التأهيل العلاج-الطبيعي المرشد الأخصائي الوالدين الأم الأب العائلة المدرسة الروضة العمل البيت
        النصيحة المساعدة المترجم الهاتف السجل المعلومات الخطر السبب العلامة العينة التحليل الأشعة
        الإحالة الموعد الأسبوع اليوم الليل الصباح المساء الساعة الشهر السنة الصابون المعقم الكمامة
        المناديل الطفح الحكة الدوخة التعب الغثيان الإسهال القيء الإمساك الربو الحساسية حبوب-اللقاح
        الغبار الحيوانات الإكزيما الشقيقة الضوء الضجيج الظلام البرد الحر الشمس الحمام المطبخ السرير
        المسكنات الباراسيتامول الإيبوبروفين النشرة الآثار-الجانبية الوقاية النظافة
        يشعر تشعر يحتاج تحتاج يمكنك تستطيع اتصل اشرب ارتح نم تناول خذ قس راجع اطلب يساعد يخفف يمنع
        ينتشر يسبب يزيد يقلل يتحسن يسوء يستمر يختفي يسعل يعطس يتنفس يتعرق يتقيأ ينزف يشفى ينصح يصف
        تجنب اغسل ابق يأتي يصبح يوجد يستغرق يعود ينتظر يقيس يلاحظ
        شائع نادر خفيف شديد خطير حاد مزمن مؤقت مرتفع منخفض جاف أحمر متورم مؤلم متعب مريض سليم معد
        آمن مهم سريع بطيء مفاجئ مستمر متكرر قوي دافئ بارد صغير كبير جديد طبيعي أفضل أسوأ بسيط ممكن
        ضروري مناسب منتظم""".split(),
    function="""في من على إلى عن مع أن هذا هذه التي الذي أو لا قد كان يكون عند بعد قبل حتى إذا لكن كل
        بعض أيضًا غالبًا أحيانًا جدًا أكثر أقل بين خلال دون ما لأن عندما يمكن يجب ذلك هناك هو هي
        لك لديك نفسك عادةً ربما خاصةً فورًا قريبًا طويلًا""".split(),
)

FA = dict(
    conditions="""تب سردرد سرفه سرماخوردگی آنفلوانزا گلودرد عفونت-روده اسهال یبوست حالت-تهوع استفراغ
        سرگیجه خستگی بی‌خوابی خارش بثورات-پوستی اگزما آسم آلرژی تب-یونجه میگرن کمردرد درد-مفاصل
        درد-عضلانی عفونت-ادراری عفونت-گوش سینوزیت ذات‌الریه التهاب-لوزه درد-قفسه-سینه تنگی-نفس
        فشار-خون-بالا دیابت خون‌دماغ سوزش-سر-دل التهاب-معده سنگ-کیسه-صفرا سنگ-کلیه زونا آبله‌مرغان
        سرخک اوریون سیاه‌سرفه زگیل برفک آکنه پسوریازیس کهیر آفتاب‌سوختگی سوختگی پیچ‌خوردگی شکستگی
        ضربه-مغزی دندان‌درد تاول گال شپش-سر کرمک ورم-ملتحمه ضعف-بینایی وزوز-گوش کم‌شنوایی خروپف
        آپنه-خواب افسردگی اضطراب نگرانی استرس کاهش-وزن کمبود-آهن کم‌خونی بیماری-تیروئید پوکی-استخوان
        نقرس آرتروز روماتیسم بواسیر فتق ماشین‌گرفتگی گرمازدگی سرمازدگی گزش-کنه نیش-زنبور مارگزیدگی
        مسمومیت-غذایی کم‌آبی-بدن""".split(),
    body="""سر گلو معده کمر سینه گوش چشم بینی دهان دندان‌ها پوست دست‌ها پاها زانو شانه گردن بازو ساق
        لگن شکم انگشتان لب‌ها زبان""".split(),
    qualifiers="""در-کودکان در-بزرگسالان در-سالمندان در-نوزادان در-نوجوانان در-دوران-بارداری پس-از-زایمان
        همراه-با-دیابت همراه-با-آسم در-شب در-تابستان در-زمستان پس-از-سفر پس-از-ورزش در-مدرسه
        در-مهدکودک همراه-با-تب که-دوباره-برمی‌گردد که-طولانی-می‌شود در-ورزشکاران پس-از-جراحی
        در-دوران-شیردهی در-یائسگی در-بیماران-قلبی روی-صورت در-دهان روی-پوست در-چشم‌ها هنگام-استرس""".split(),
    adjectives="""حاد مزمن خفیف شدید عودکننده ناگهانی پایدار طولانی‌مدت موقت واگیردار شایع نادر جدی""".split(),
    content="""تب سردرد سرفه سرماخوردگی آنفلوانزا درد نشانه‌ها بیماری درمان معاینه دارو داروها قرص واکسن
        واکسیناسیون نسخه داروخانه مرکز-درمانی بیمارستان اورژانس پزشک پرستار ماما کودک کودکان نوزاد
        بزرگسالان سالمندان باردار بارداری شیردهی تغذیه ورزش خواب استراحت آب مایعات نمک قند میوه
        سبزیجات دخانیات الکل استرس نگرانی اضطراب تورم قرمزی خونریزی زخم سوختگی دماسنج دمای-بدن درجه
        عفونت ویروس باکتری آنتی‌بیوتیک سیستم-ایمنی فشار-خون قند-خون قلب ریه‌ها معده روده پوست سر گلو
        گوش بینی چشم‌ها دندان‌ها دهان کمر زانو شانه دست‌ها پاها کلیه‌ها کبد مثانه بدن مغز اعصاب خون
        وزن تنفس نبض اکسیژن سلامت سبک-زندگی مراقبت-از-خود کرم پماد اسپری-بینی افشانه قطره دوز
        مرخصی-استعلاجی توان‌بخشی فیزیوتراپیست مددکار روان‌شناس متخصص-تغذیه والدین سرپرست خانواده
        مدرسه مهدکودک کار خانه توصیه کمک مترجم تلفن پرونده اطلاعات خطر علت علامت نمونه آزمایش-خون
        عکس‌برداری ارجاع نوبت هفته روز شب صبح عصر ساعت ماه سال صابون ضدعفونی‌کننده ماسک دستمال
        بثورات خارش سوزش سرگیجه خستگی حالت-تهوع اسهال استفراغ یبوست آسم آلرژی گرده گردوغبار
        حیوانات-خانگی اگزما میگرن نور صدا تاریکی سرما گرما آفتاب حمام آشپزخانه تخت شربت-سرفه تب‌بر
        مسکن پاراستامول ایبوپروفن بروشور عوارض-جانبی پیشگیری بهداشت
        دارد دارید می‌گیرد می‌تواند می‌توانید نیاز-دارد احساس-می‌کند متوجه-می‌شوید اندازه-بگیرید
        بنوشید بخورید بخوابید استراحت-کنید تماس-بگیرید مراجعه-کنید معاینه-می‌کند درمان-می‌کند
        تسکین-می‌دهد پیشگیری-می‌کند سرایت-می‌کند پخش-می‌شود اثر-می‌گذارد ایجاد-می‌کند کاهش-می‌دهد
        افزایش-می‌دهد بدتر-می‌شود بهتر-می‌شود سرفه-می‌کند عطسه-می‌کند می‌خارد می‌سوزد درد-می‌کند
        نفس-می‌کشد عرق-می‌کند استفراغ-می‌کند خونریزی-می‌کند بهبود-می‌یابد کمک-می‌کند توصیه-می‌کند
        می‌نویسد دنبال-کنید پرهیز-کنید بشویید بمانید می‌آید وجود-دارد طول-می‌کشد از-بین-می‌رود
        برمی‌گردد تحمل-می‌کند صبر-کنید
        شایع خفیف شدید جدی حاد مزمن موقت بالا پایین خشک قرمز متورم دردناک خسته بیمار سالم واگیردار
        خطرناک بی‌خطر بدون-نسخه ایمن مهم سریع آهسته ناگهانی پایدار قوی ملایم گرم سرد کوچک بزرگ جدید
        قدیمی جوان طبیعی بهتر بدتر ساده ممکن ضروری مناسب منظم""".split(),
    function="""و در به از که این آن را با برای یا اما اگر وقتی هم نیز خیلی بیشتر کمتر بعد قبل هنگام
        بدون تا پس چون زیرا همیشه هرگز هنوز معمولاً گاهی اغلب شاید به‌ویژه فوراً زود مدتی همه بعضی
        چند دیگر شما او ما آن‌ها خود است هست نیست بود شود می‌شود می‌تواند باید حتی فقط تنها اینجا
        آنجا چه چرا""".split(),
)

FI = dict(
    conditions="""kuume päänsärky yskä flunssa influenssa kurkkukipu vatsatauti ripuli ummetus pahoinvointi
        oksentelu huimaus väsymys unettomuus kutina ihottuma ekseema astma allergia heinänuha migreeni
        selkäkipu nivelkipu lihaskipu virtsatieinfektio korvatulehdus poskiontelotulehdus keuhkokuume
        nielurisatulehdus rintakipu hengenahdistus korkea-verenpaine diabetes nenäverenvuoto närästys
        mahakatarri sappikivet munuaiskivet vyöruusu vesirokko tuhkarokko sikotauti hinkuyskä syylät
        hiivatulehdus akne psoriaasi nokkosihottuma auringonpolttama palovamma nyrjähdys luunmurtuma
        aivotärähdys hammassärky rakkulat syyhy päätäit kihomadot silmätulehdus näkövika tinnitus
        kuulon-heikkeneminen kuorsaus uniapnea alakuloisuus ahdistus huoli stressi laihtuminen
        raudanpuute anemia kilpirauhasen-sairaus osteoporoosi kihti nivelrikko reuma peräpukamat
        nivustyrä matkapahoinvointi lämpöhalvaus paleltuma punkin-purema ampiaisen-pisto
        käärmeen-purema ruokamyrkytys nestehukka""".split(),
    body="""päässä kurkussa vatsassa selässä rinnassa korvassa silmässä nenässä suussa hampaissa iholla
        käsissä jaloissa polvessa olkapäässä niskassa käsivarressa säressä lonkassa alavatsassa
        nivusissa varpaissa sormissa huulissa kielessä""".split(),
    qualifiers="""lapsilla aikuisilla ikääntyneillä vauvoilla nuorilla raskauden-aikana synnytyksen-jälkeen
        diabeteksen-yhteydessä astman-yhteydessä yöllä kesällä talvella matkan-jälkeen liikunnan-jälkeen
        koulussa päiväkodissa kuumeen-yhteydessä joka-uusiutuu joka-kestää-pitkään urheilijoilla
        leikkauksen-jälkeen imetyksen-aikana vaihdevuosissa sydänpotilailla kasvoissa suussa iholla
        silmissä stressin-aikana""".split(),
    adjectives="""akuutti krooninen lievä vaikea toistuva äkillinen jatkuva pitkäaikainen tilapäinen tarttuva
        yleinen harvinainen vakava voimakas""".split(),
    content="""kuume päänsärky yskä flunssa influenssa vatsatauti kipu särky vaiva oire sairaus hoito
        tutkimus lääke tabletti rokote rokotus resepti apteekki terveyskeskus sairaala päivystys lääkäri
        sairaanhoitaja kätilö lapsi vauva aikuinen ikääntynyt raskaana raskaus imetys ruokavalio
        liikunta uni lepo vesi neste suola sokeri hedelmät vihannekset tupakka alkoholi stressi huoli
        ahdistus turvotus punoitus verenvuoto haava palovamma kuumemittari lämpötila aste infektio virus
        bakteerit antibiootti vastustuskyky verenpaine verensokeri sydän keuhkot vatsa suolisto iho pää
        kurkku korva nenä silmät hampaat suu selkä polvi olkapää kädet jalat munuaiset maksa virtsarakko
        keho aivot hermot veri paino hengitys pulssi happi terveys elintavat itsehoito voide salva
        nenäsumute inhalaattori tipat annos sairausloma kuntoutus fysioterapeutti kuraattori psykologi
        ravitsemusterapeutti vanhempi huoltaja perhe koulu päiväkoti työ koti neuvo apu tulkki puhelin
        potilaskertomus tieto riski syy merkki näytteenotto verikoe röntgen lähete vastaanottoaika viikko
        päivä yö aamu ilta tunti vuorokausi kuukausi vuosi saippua käsidesi kasvomaski nenäliina
        tartuntariski itämisaika ihottuma kutina kirvely huimaus väsymys pahoinvointi ripuli oksentelu
        ummetus astma allergia siitepöly pöly lemmikit ekseema migreeni valo melu pimeys kylmyys lämpö
        aurinko kylpyhuone keittiö sänky yskänlääke kuumelääke kipulääke parasetamoli ibuprofeeni
        pakkausseloste sivuvaikutukset
        on saa voi pitää tarvitsee tuntee huomaa mittaa ottaa juo syö nukkuu lepää soittaa
        ottaa-yhteyttä hakeutuu tutkii hoitaa lievittää ehkäisee tarttuu leviää vaikuttaa aiheuttaa
        vähentää lisää pahenee paranee yskii aivastaa kutisee kirvelee särkee hengittää hikoilee
        virtsaa oksentaa vuotaa auttaa suosittelee kirjoittaa seuraa välttää pesee jää tulee muuttuu
        löytyy koskee riippuu kestää häviää uusiutuu sietää pärjää jaksaa odottaa
        yleinen lievä vaikea vakava akuutti krooninen tilapäinen korkea matala kuiva punainen turvonnut
        arka väsynyt sairas terve tarttuva vaarallinen vaaraton reseptivapaa turvallinen tärkeä nopea
        hidas äkillinen jatkuva voimakas mieto lämmin kylmä pieni suuri uusi vanha nuori heikentynyt
        normaali parempi huonompi yksinkertainen mahdollinen välttämätön sopiva varovainen
        säännöllinen""".split(),
    function="""ja että se on ei et sinä sinun jos tai mutta kun usein joskus yleensä myös hyvin paljon
        enemmän vähemmän jälkeen ennen aikana ilman luona kanssa niin vain aina koskaan jo vielä siksi
        koska jopa sekä monta useita jotkut kaikki muut itse me he heitä olla ovat voi pitää ehkä
        erityisesti noin suoraan heti pian pitkään tämä tuo mikä joka kuin nyt sitten""".split(),
)

SO = dict(
    conditions="""qandho madax-xanuun qufac durey hargab cune-xanuun calool-xanuun shuban calool-istaag
        lallabo matag wareer daal hurdo-la'aan cuncun finan xasaasiyadda-maqaarka neefta xasaasiyad
        xasaasiyadda-ubaxa dhanjaf dhabar-xanuun xanuunka-kalagoysyada murqo-xanuun caabuqa-kaadi-mareenka
        caabuqa-dhegta caabuqa-sanka oof-wareen caabuqa-qanjidhada-cunaha laab-xanuun neef-qabad
        dhiig-kar sonkorow san-dhiig laab-jeex caabuqa-caloosha dhagaxa-xameetida dhagaxa-kelyaha
        busbus jadeeco qaamo-qashiir xiiq-dheer finanka-wajiga caabuqa-maqaarka qorrax-gubasho gubasho
        murkaacasho lafo-jab madax-ku-dhac ilig-xanuun cambaar injir gooryaanka-caloosha indha-caseeye
        aragga-oo-yaraaday dheg-xanuun maqal-la'aan khuuro neef-joogsiga-hurdada niyad-jab walwal welwel
        diiqad miisaan-dhimis yaraanta-birta dhiig-yari cudurka-qanjirka-tayroodhka lafo-jileec laabato
        baabasiir lallabada-safarka qorrax-ku-dhac qaniinyada-shillinta qaniinyada-shinnida
        qaniinyada-masaska sumowga-cuntada fuuqbax duumo qaaxo cagaarshow tiifow jilib-xanuun
        qoor-xanuun garab-xanuun il-xanuun lug-xanuun nafaqo-darro cayil qallal suuxdin dhiig-bax
        dhaawac qaniinyada-eyga""".split(),
    body="""madaxa cunaha caloosha dhabarka laabta dhegta isha sanka afka ilkaha maqaarka gacmaha lugaha
        jilibka garabka qoorta cududda kubka misigta ubucda faraha cagaha bushimaha carrabka""".split(),
    qualifiers="""ku-dhaca-carruurta ku-dhaca-dadka-waaweyn ku-dhaca-waayeelka ku-dhaca-dhallaanka
        ku-dhaca-dhallinyarada xilliga-uurka dhalmada-kadib dadka-qaba-sonkorowga dadka-qaba-neefta
        habeenkii xagaaga jiilaalka safarka-kadib jimicsiga-kadib ku-dhaca-ardayda ku-dhaca-xanaanada
        oo-qandho-la-socoto oo-soo-noqnoqda oo-muddo-dheer-socda ku-dhaca-ciyaartoyda qalliinka-kadib
        xilliga-naas-nuujinta xilliga-caadada-go'itaanka dadka-qaba-cudurka-wadnaha ka-muuqda-wejiga
        ku-jira-afka ka-muuqda-maqaarka ku-jira-indhaha xilliga-walbahaarka""".split(),
    adjectives="""degdeg-ah joogto-ah fudud daran soo-noqnoqda lama-filaan-ah socda muddo-dheer
        ku-meel-gaar-ah faafa caadi-ah naadir-ah khatar-ah xooggan""".split(),
    content="""qandho madax-xanuun qufac durey hargab xanuun calaamadaha cudur daaweyn baaritaan daawo
        kiniin tallaal tallaalid warqadda-daawada farmashiye xarun-caafimaad isbitaal gurmadka-degdegga
        dhakhtar kalkaaliso umuliso ilmo carruur dhallaan dadka-waaweyn waayeelka uur-leh uur
        naas-nuujin cunto jimicsi hurdo nasasho biyo dareere cusbo sonkor miro khudaar tubaako khamri
        walbahaar welwel cabsi barar casaan dhiig-bax nabar gubasho heerkulbeeg heerkul darajo caabuq
        fayras bakteeriya antibiyootig difaaca-jirka dhiig-kar sonkorta-dhiigga wadne sambab calool
        mindhicir maqaar madax cune dheg san indho ilko af dhabar jilib garab gacmo lugo kelyo beer
        kaadi-haye jirka maskax dareemayaasha dhiig miisaan neefsasho garaaca-wadnaha oksijiin caafimaad
        nolol is-daryeel kareem dufan buufin-sanka buufin dhibco qiyaas fasax-jirro dib-u-habeyn
        daaweeye-jireed la-taliye cilmi-nafsi nafaqeeye waalid masuul qoys dugsi xanaano shaqo guri
        talo caawimaad turjubaan telefoon diiwaan macluumaad khatar sabab calaamad muunad
        baaritaanka-dhiigga raajo gudbin ballan toddobaad maalin habeen subax galab saac bil sanad
        saabuun jeermis-dile waji-xir masar cuncun finan wareer daal lallabo shuban matag calool-istaag
        neefta xasaasiyad manka-ubaxa boor xayawaanka iftiin buuq mugdi qabow kulayl qorraxda musqul
        jiko sariir daawada-qufaca qandho-dejiye xanuun-baabi'iye paracetamol ibuprofen waraaqda-daawada
        waxyeellooyinka ka-hortag nadaafad
        qabaa helaa kara u-baahan dareemaa ogaadaa cabbiraa qaataa cabbaa cunaa seexdaa nastaa wacaa
        la-xiriiraa raadsadaa baaraa daaweeyaa yareeyaa ka-hortagaa faafaa saameeyaa keenaa
        kordhiyaa sii-xumaadaa fiicnaadaa qufacaa hindhisaa cuncunaa xanuunaa neefsadaa dhididaa
        kaadiyaa matagaa bogsadaa caawiyaa kugula-taliyaa qoraa raacaa ka-fogaadaa dhaqaa joogaa
        yimaadaa noqdaa jiraa socdaa baaba'aa soo-noqdaa sugaa wac cab naso qaado
        caadi fudud daran khatar degdeg joogto ku-meel-gaar sare hoose qallalan cas bararsan xanuun-badan
        daallan buka caafimaad-qaba faafa khatar-leh aan-khatar-lahayn ammaan muhiim dhakhso tartiib
        lama-filaan xooggan jilicsan diiran yar weyn cusub duug dhallinyaro fiican xun sahlan suurtagal
        lagama-maarmaan ku-habboon taxaddar""".split(),
    function="""iyo in waa oo ka ku u la ee ama laakiin haddii marka badanaa mararka qaarkood sidoo kale
        aad badan kadib kahor inta gudaha ilaa sida kaliya had jeer weligaa weli sababtoo xitaa
        labadaba dhowr dhammaan adiga waxaad waxay wuxuu waxaa ay uu aan wax kasta halkan halkaas
        markaas hadda mar isla hore dambe kuwa si haa maya""".split(),
)

VOCAB = {"sv": SV, "en": EN, "ar": AR, "fa": FA, "fi": FI, "so": SO}

# Words the search benchmark types (bench/search-browser.mjs's default queries); they must occur
# in the corpus.
SEARCH_WORDS = {"sv": ("feber", "huvudvärk"), "en": ("fever", "headache"), "ar": ("الحمى", "الصداع"),
                "fa": ("تب", "سردرد"), "fi": ("kuume", "päänsärky"), "so": ("qandho", "qufac")}

TEXT = {
    "sv": dict(
        sections=["Vad är {t}?", "Vanliga orsaker", "Symtom", "Så ställs diagnosen", "Behandling",
                  "Vad du kan göra själv", "När ska jag söka vård?", "Förebygga", "Om barn",
                  "Att leva med {t}", "Efter behandlingen", "Smitta och smittrisk", "Läkemedel",
                  "Undersökningar", "Frågor att ställa till vården"],
        read_more="Läs mer om",
        also="Se också",
        care={"emergency": "Ring 112 om du eller någon annan", "urgent": "Sök vård direkt på en vårdcentral eller jourmottagning om",
              "contact": "Kontakta en vårdcentral eller ring 1177 för sjukvårdsrådgivning om", "selfcare": "Det här kan du göra själv:"},
        region={"stockholm": "I Region Stockholm", "vastra-gotaland": "I Västra Götalandsregionen", "skane": "I Region Skåne"},
        table=(["Ålder", "Dos", "Hur ofta", "Kommentar"], ["år", "mg", "gånger per dygn"]),
        roles=["Läkare, specialist i allmänmedicin", "Barnläkare", "Sjuksköterska", "Distriktssköterska",
               "Läkare, specialist i infektionssjukdomar", "Hudläkare", "Öron-, näs- och halsläkare", "Farmaceut"],
        summary=["Om {t}: vad du kan göra själv och när du behöver söka vård.",
                 "Vad {t} beror på, hur det behandlas och när du ska kontakta vården.",
                 "Symtom, orsaker och behandling vid {t}.",
                 "Råd om {t} och när det är dags att söka vård."],
    ),
    "en": dict(
        sections=["What is {t}?", "Common causes", "Symptoms", "How it is diagnosed", "Treatment",
                  "What you can do yourself", "When should I seek care?", "Prevention", "In children",
                  "Living with {t}", "After treatment", "How it spreads", "Medicines", "Examinations",
                  "Questions to ask your care provider"],
        read_more="Read more about",
        also="See also",
        care={"emergency": "Call 112 if you or someone else", "urgent": "Seek care at a health centre or out-of-hours clinic right away if",
              "contact": "Contact a health centre or call 1177 for medical advice if", "selfcare": "What you can do yourself:"},
        region={"stockholm": "In Stockholm Region", "vastra-gotaland": "In Västra Götaland Region", "skane": "In Skåne Region"},
        table=(["Age", "Dose", "How often", "Comment"], ["years", "mg", "times a day"]),
        roles=["Physician, specialist in general practice", "Paediatrician", "Registered nurse", "District nurse",
               "Physician, specialist in infectious diseases", "Dermatologist", "ENT specialist", "Pharmacist"],
        summary=["About {t}: what you can do yourself and when you need to seek care.",
                 "What causes {t}, how it is treated and when to contact a health centre.",
                 "Symptoms, causes and treatment of {t}.",
                 "Advice on {t} and when it is time to seek care."],
    ),
    "ar": dict(
        sections=["ما هو {t}؟", "الأسباب الشائعة", "الأعراض", "كيف يتم التشخيص", "العلاج",
                  "ما يمكنك فعله بنفسك", "متى يجب أن أطلب الرعاية؟", "الوقاية", "عند الأطفال",
                  "العيش مع {t}", "بعد العلاج", "كيف ينتقل", "الأدوية", "الفحوصات", "أسئلة تطرحها على الطبيب"],
        read_more="اقرأ المزيد عن",
        also="انظر أيضًا",
        care={"emergency": "اتصل بالرقم 112 إذا كنت أنت أو شخص آخر", "urgent": "اطلب الرعاية فورًا في المستوصف أو عيادة الطوارئ إذا",
              "contact": "اتصل بالمستوصف أو بالرقم 1177 للاستشارة الطبية إذا", "selfcare": "ما يمكنك فعله بنفسك:"},
        region={"stockholm": "في منطقة ستوكهولم", "vastra-gotaland": "في منطقة فاسترا يوتالاند", "skane": "في منطقة سكونه"},
        table=(["العمر", "الجرعة", "عدد المرات", "ملاحظة"], ["سنة", "ملغ", "مرات في اليوم"]),
        roles=["طبيبة، أخصائية في طب الأسرة", "طبيب أطفال", "ممرضة", "ممرضة المنطقة",
               "طبيب، أخصائي في الأمراض المعدية", "طبيب جلدية", "طبيب أنف وأذن وحنجرة", "صيدلانية"],
        summary=["عن {t}: ما يمكنك فعله بنفسك ومتى تحتاج إلى طلب الرعاية.",
                 "أسباب {t} وطرق علاجه ومتى تتصل بالرعاية الصحية.",
                 "أعراض {t} وأسبابه وعلاجه.",
                 "نصائح حول {t} ومتى يحين وقت طلب الرعاية."],
    ),
    "fa": dict(
        sections=["{t} چیست؟", "علت‌های شایع", "نشانه‌ها", "تشخیص چگونه انجام می‌شود", "درمان",
                  "کارهایی که خودتان می‌توانید انجام دهید", "چه زمانی باید به مراکز درمانی مراجعه کنم؟", "پیشگیری",
                  "در کودکان", "زندگی با {t}", "پس از درمان", "سرایت و خطر سرایت", "داروها", "معاینه‌ها",
                  "پرسش‌هایی برای کادر درمان"],
        read_more="بیشتر بخوانید درباره",
        also="همچنین ببینید",
        care={"emergency": "با 112 تماس بگیرید اگر شما یا شخص دیگری", "urgent": "همین حالا به مرکز درمانی یا درمانگاه خارج از ساعت اداری مراجعه کنید اگر",
              "contact": "با یک مرکز درمانی تماس بگیرید یا برای مشاوره پزشکی با 1177 تماس بگیرید اگر", "selfcare": "کارهایی که خودتان می‌توانید انجام دهید:"},
        region={"stockholm": "در منطقه استکهلم", "vastra-gotaland": "در منطقه وسترا یوتالند", "skane": "در منطقه اسکونه"},
        table=(["سن", "دوز", "دفعات", "توضیحات"], ["سال", "میلی‌گرم", "بار در روز"]),
        roles=["پزشک، متخصص پزشکی خانواده", "پزشک کودکان", "پرستار", "پرستار منطقه",
               "پزشک، متخصص بیماری‌های عفونی", "متخصص پوست", "متخصص گوش و حلق و بینی", "داروساز"],
        summary=["درباره {t}: کارهایی که خودتان می‌توانید انجام دهید و زمانی که باید به مراکز درمانی مراجعه کنید.",
                 "علت {t}، روش درمان آن و زمان تماس با مرکز درمانی.",
                 "نشانه‌ها، علت‌ها و درمان {t}.",
                 "توصیه‌هایی درباره {t} و زمان مراجعه به مراکز درمانی."],
    ),
    "fi": dict(
        sections=["Mikä on {t}?", "Yleiset syyt", "Oireet", "Miten se todetaan", "Hoito",
                  "Mitä voit tehdä itse", "Milloin minun pitää hakeutua hoitoon?", "Ennaltaehkäisy", "Lapsilla",
                  "Kun sinulla on {t}", "Hoidon jälkeen", "Tartunta ja tartuntariski", "Lääkkeet",
                  "Tutkimukset", "Kysymyksiä hoitohenkilökunnalle"],
        read_more="Lue lisää aiheesta",
        also="Katso myös",
        care={"emergency": "Soita 112, jos sinä tai joku muu", "urgent": "Hakeudu heti hoitoon terveyskeskukseen tai päivystysvastaanotolle, jos",
              "contact": "Ota yhteyttä terveyskeskukseen tai soita 1177, niin saat sairaanhoidon neuvontaa, jos", "selfcare": "Näin voit hoitaa itse:"},
        region={"stockholm": "Tukholman alueella", "vastra-gotaland": "Länsi-Götanmaan alueella", "skane": "Skånen alueella"},
        table=(["Ikä", "Annos", "Kuinka usein", "Huomautus"], ["vuotta", "mg", "kertaa vuorokaudessa"]),
        roles=["Lääkäri, yleislääketieteen erikoislääkäri", "Lastenlääkäri", "Sairaanhoitaja", "Terveydenhoitaja",
               "Lääkäri, infektiosairauksien erikoislääkäri", "Ihotautilääkäri", "Korva-, nenä- ja kurkkutautien lääkäri",
               "Farmaseutti"],
        summary=["Tietoa aiheesta {t}: mitä voit tehdä itse ja milloin sinun pitää hakeutua hoitoon.",
                 "Mistä {t} johtuu, miten sitä hoidetaan ja milloin sinun pitää ottaa yhteyttä hoitoon.",
                 "Oireet, syyt ja hoito: {t}.",
                 "Neuvoja aiheesta {t} ja milloin on aika hakeutua hoitoon."],
    ),
    "so": dict(
        sections=["Waa maxay {t}?", "Sababaha caadiga ah", "Calaamadaha", "Sida loo ogaado", "Daaweynta",
                  "Waxa adiga laftaadu samayn karto", "Goorma ayaan daryeel raadsadaa?", "Ka hortagga", "Carruurta",
                  "Ku noolaanshaha {t}", "Daaweynta kadib", "Faafidda iyo khatarta faafidda", "Daawooyinka",
                  "Baaritaannada", "Su'aalo aad weydiin karto daryeelka caafimaadka"],
        read_more="Wax badan ka akhri",
        also="Sidoo kale eeg",
        care={"emergency": "Wac 112 haddii adiga ama qof kale", "urgent": "Isla markiiba daryeel ka raadso xarun caafimaad ama rug caafimaad oo furan haddii",
              "contact": "La xiriir xarun caafimaad ama wac 1177 si aad talo caafimaad u hesho haddii", "selfcare": "Waxa adiga laftaadu samayn karto:"},
        region={"stockholm": "Gudaha Gobolka Stockholm", "vastra-gotaland": "Gudaha Gobolka Västra Götaland", "skane": "Gudaha Gobolka Skåne"},
        table=(["Da'da", "Qiyaasta", "Inta jeer", "Faallo"], ["sano", "mg", "jeer maalintii"]),
        roles=["Dhakhtar, ku takhasusay caafimaadka guud", "Dhakhtarka carruurta", "Kalkaaliso", "Kalkaalisada degmada",
               "Dhakhtar, ku takhasusay cudurrada faafa", "Dhakhtarka maqaarka", "Dhakhtarka dhegta, sanka iyo cunaha",
               "Farmashiiste"],
        summary=["Ku saabsan {t}: waxa adiga laftaadu samayn karto iyo goorta aad daryeel u baahan tahay.",
                 "Waxa keena {t}, sida loo daaweeyo iyo goorta aad la xiriirayso daryeelka caafimaadka.",
                 "Calaamadaha, sababaha iyo daaweynta {t}.",
                 "Talooyin ku saabsan {t} iyo goorta ay tahay in daryeel la raadsado."],
    ),
}

REVIEWERS = ["Karin Ek", "Johan Lindqvist", "Sara Ahmadi", "Maria Nilsson", "Erik Johansson", "Fatima Hassan",
             "Anna Bergström", "Lars Öberg", "Leila Karimi", "Per Åkesson", "Elin Sjöström", "Omar Khalil",
             "Sofia Lund", "Ahmed Yusuf", "Ingrid Hägg", "Nadia Rahimi"]


def zipf_weights(n: int, s: float = 0.9) -> list[float]:
    return [1.0 / (i + 1) ** s for i in range(n)]


class Words:
    """Word sampler for one language. The vocabulary order is shuffled once per seed, so which
    words are frequent depends on the seed, not on how the lists above happen to be ordered."""

    def __init__(self, lang: str, rng: random.Random, uniform: bool = False):
        v = VOCAB[lang]
        self.lang = lang
        self.rng = rng
        content = [w.replace("-", " ") for w in dict.fromkeys(v["content"])]
        rng.shuffle(content)
        if uniform:
            # The "uniform" profile: a small vocabulary drawn evenly, so nearly every term occurs in
            # nearly every document (long posting lists, the search index's worst case).
            content = content[:120]
        self.content = content
        self.content_cum = _cumulative(zipf_weights(len(content), 0.0 if uniform else 0.5))
        self.function = [w for w in dict.fromkeys(v["function"])]
        self.function_cum = _cumulative(zipf_weights(len(self.function), 0.8))
        self.conditions = [w.replace("-", " ") for w in v["conditions"]]
        self.body = v["body"]
        self.qualifiers = [w.replace("-", " ") for w in v["qualifiers"]]
        self.adjectives = [w.replace("-", " ") for w in v["adjectives"]]

    def word(self) -> str:
        if self.rng.random() < 0.42:
            return self.rng.choices(self.function, cum_weights=self.function_cum)[0]
        return self.rng.choices(self.content, cum_weights=self.content_cum)[0]

    def sentence(self, lo: int = 7, hi: int = 16) -> str:
        n = self.rng.randint(lo, hi)
        words = [self.word() for _ in range(n)]
        r = self.rng.random()
        if r < 0.12:
            words.insert(self.rng.randrange(1, n), str(self.rng.choice([2, 3, 5, 7, 10, 14, 24, 38, 39, 40, 48, 72])))
        elif r < 0.22:
            words.insert(self.rng.randrange(1, n), self.rng.choice(self.conditions))
        if n > 9 and self.rng.random() < 0.4:
            i = self.rng.randrange(3, n - 3)
            words[i] = words[i] + ("،" if self.lang in ARABIC_SCRIPT else ",")
        s = capitalise(self.lang, " ".join(words))
        end = self.rng.random()
        if end < 0.06:
            return s + ("؟" if self.lang in ARABIC_SCRIPT else "?")
        return s + "."


def _cumulative(weights: list[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def count_words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def capitalise(lang: str, s: str) -> str:
    return s if lang in ARABIC_SCRIPT else s[0].upper() + s[1:]


VARIANT = {"sv": "typ", "en": "type", "ar": "نوع", "fa": "نوع", "fi": "tyyppi", "so": "nooca"}


def make_shared_titles(lang: str, n: int, rng: random.Random) -> list[str]:
    """n unique titles for one language, built from eight conditions, so that many share their
    first words (and lists have a few very large letters): "Feber hos barn", "Feber typ 12"."""
    w = Words(lang, random.Random(rng.random()))
    conditions = w.conditions[:8]
    titles: list[str] = []
    seen: dict[str, int] = {}
    while len(titles) < n:
        c = rng.choice(conditions)
        t = capitalise(lang, f"{c} {rng.choice(w.qualifiers)}" if rng.random() < 0.7 else c)
        count = seen.get(t.casefold(), 0)
        seen[t.casefold()] = count + 1
        if count:
            t = f"{t} {VARIANT[lang]} {count + 1}"
            if t.casefold() in seen:
                continue
            seen[t.casefold()] = 1
        titles.append(t)
    return titles


def make_titles(lang: str, n: int, rng: random.Random) -> list[str]:
    """n unique titles for one language."""
    w = Words(lang, random.Random(rng.random()))
    pain = {"sv": "Ont i {b}", "en": "Pain in the {b}", "ar": "ألم في {b}", "fa": "درد {b}", "fi": "Kipua {b}",
            "so": "Xanuunka {b}"}[lang]
    problems = {"sv": "Besvär med {b}", "en": "Problems with the {b}", "ar": "مشاكل {b}", "fa": "مشکلات {b}",
                "fi": "Ongelmia {b}", "so": "Dhibaatooyinka {b}"}[lang]
    # "and" with its spaces: Arabic writes و joined to the next word, Persian apart.
    conj = {"sv": " och ", "en": " and ", "ar": " و", "fa": " و ", "fi": " ja ", "so": " iyo "}[lang]
    adjective_after = lang in ADJECTIVE_AFTER_NOUN
    titles: list[str] = []
    seen: set[str] = set()
    attempts = 0
    while len(titles) < n:
        attempts += 1
        c = rng.choice(w.conditions)
        pattern = rng.random()
        if pattern < 0.30:
            t = f"{c} {rng.choice(w.qualifiers)}"
        elif pattern < 0.50:
            t = f"{c} {rng.choice(w.adjectives)}" if adjective_after else f"{rng.choice(w.adjectives)} {c}"
        elif pattern < 0.62:
            c2 = rng.choice(w.conditions)
            if c2 == c:
                continue
            t = f"{c}{conj}{c2}"
        elif pattern < 0.68:
            t = (pain if rng.random() < 0.5 else problems).format(b=rng.choice(w.body))
        else:
            a = rng.choice(w.adjectives)
            q = rng.choice(w.qualifiers)
            t = f"{c} {a} {q}" if adjective_after else f"{a} {c} {q}"
        if any(part in t.split() for part in c.split() if len(part) > 3) and t.count(c.split()[0]) > 1:
            continue  # "Allvarlig feber vid feber"
        if attempts > 50 * n:  # never in practice; keeps the loop finite for absurd n
            t = f"{t} {len(titles) + 1}"
        t = capitalise(lang, t)
        if t.casefold() in seen:
            continue
        seen.add(t.casefold())
        titles.append(t)
    return titles


def slugify(title: str) -> str:
    s = title.lower()
    s = re.sub(r"[^\w\s-]", "", s)
    s = re.sub(r"[\s_-]+", "-", s).strip("-")
    return s


def make_slugs(titles: list[str]) -> list[str]:
    slugs, seen = [], set()
    for t in titles:
        base = slugify(t)
        s, i = base, 2
        while s in seen or s in RESERVED:
            s, i = f"{base}-{i}", i + 1
        seen.add(s)
        slugs.append(s)
    return slugs


def yaml_str(s: str) -> str:
    """A YAML scalar: plain when safe, double-quoted otherwise."""
    if re.fullmatch(r"[\w][\w .,()'–-]*", s) and not re.match(r"^(yes|no|true|false|null|on|off|~)$", s, re.I) \
            and ": " not in s and " #" not in s and not s[0].isdigit():
        return s
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --------------------------------------------------------------------------------------------------
# Articles
# --------------------------------------------------------------------------------------------------

class Article:
    def __init__(self, key: str):
        self.key = key
        self.kind = ""
        self.topics: list[str] = []
        self.reviewed = ""
        self.reviewer = ""
        self.role_index = 0
        self.related: list[str] = []
        self.title: dict[str, str] = {}
        self.slug: dict[str, str] = {}
        self.summary: dict[str, str] = {}
        self.body: dict[str, str] = {}
        self.related_slugs: dict[str, list[str]] = {}


def lower_first(lang: str, s: str) -> str:
    return s if lang in ARABIC_SCRIPT else s[0].lower() + s[1:]


def make_table(T: dict, w: Words, rng: random.Random, n_rows: int, max_words: int) -> str:
    """A dosage-like table of `n_rows` rows, the last column 2–`max_words` words."""
    head, units = T["table"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    age = 0
    for _ in range(n_rows):
        age += rng.randint(1, 12)
        rows.append(f"| {age} {units[0]} | {rng.choice([125, 250, 325, 400, 500, 1000])} {units[1]} | "
                    f"{rng.randint(1, 4)} {units[2]} | {' '.join(w.word() for _ in range(rng.randint(2, max_words)))} |")
    return "\n".join(rows)


def add_links(lang: str, art: Article, articles: list[Article], paragraphs: list[list[str]],
              rng: random.Random, sample: int, count: tuple[int, int]) -> None:
    """Links to `count` other articles (of `sample` drawn), appended to random paragraphs."""
    T = TEXT[lang]
    others = [a for a in rng.sample(articles, min(len(articles), sample)) if a.key != art.key][: rng.randint(*count)]
    for other in others:
        sec = rng.randrange(len(paragraphs))
        p = rng.randrange(len(paragraphs[sec]))
        text = lower_first(lang, other.title[lang])
        paragraphs[sec][p] += f" {T['read_more']} [{text}](article:{other.key})."


def make_body(lang: str, art: Article, articles: list[Article], w: Words, rng: random.Random,
              target_words: int = 600) -> str:
    T = TEXT[lang]
    topic_word = lower_first(lang, art.title[lang])
    n_sections = rng.randint(3, 5)
    headings = [h.format(t=topic_word) for h in rng.sample(T["sections"], n_sections)]
    blocks: list[list[str]] = [[] for _ in range(n_sections)]  # extra blocks per section, after paragraphs
    fixed_words = sum(count_words(h) for h in headings)

    # A bullet list.
    items = []
    for _ in range(rng.randint(3, 6)):
        items.append("- " + capitalise(lang, " ".join(w.word() for _ in range(rng.randint(3, 9)))))
    lst = "\n".join(items)
    blocks[rng.randrange(n_sections)].append(lst)
    fixed_words += count_words(lst)

    # A table.
    table = make_table(T, w, rng, rng.randint(3, 5), 5)
    blocks[rng.randrange(n_sections)].append(table)
    fixed_words += count_words(table)

    # Care cards, in the later sections.
    levels = sorted(rng.sample(LEVELS, rng.randint(1, 3)), key=LEVELS.index, reverse=True)
    for level in levels:
        lines = [f":::care {level}"]
        if level == "selfcare":
            lines.append(T["care"][level])
        else:
            lines.append(T["care"][level] + " " + " ".join(w.word() for _ in range(rng.randint(3, 7))))
        for _ in range(rng.randint(2, 4)):
            lines.append("- " + " ".join(w.word() for _ in range(rng.randint(3, 8))))
        lines.append(":::")
        card = "\n".join(lines)
        blocks[rng.randrange(max(1, n_sections - 2), n_sections)].append(card)
        fixed_words += count_words(card)

    # Sometimes a regional note.
    if rng.random() < 0.3:
        region = rng.choice(REGIONS)
        note = f":::region {region}\n{T['region'][region]} {lower_first(lang, w.sentence(6, 12))}\n:::"
        blocks[rng.randrange(n_sections)].append(note)
        fixed_words += count_words(note)

    # Paragraphs to fill the rest, at least one per section.
    paragraphs: list[list[str]] = [[] for _ in range(n_sections)]
    words = fixed_words
    i = 0
    while words < target_words - 10 or any(not p for p in paragraphs):
        sec = i if i < n_sections else rng.randrange(n_sections)
        i += 1
        para = " ".join(w.sentence() for _ in range(rng.randint(2, 4)))
        paragraphs[sec].append(para)
        words += count_words(para)

    # 2–4 links to other articles, appended to random paragraphs.
    add_links(lang, art, articles, paragraphs, rng, 6, (2, 4))

    out = []
    for h, paras, extra in zip(headings, paragraphs, blocks):
        out.append(f"## {h}")
        out.extend(paras)
        out.extend(extra)
    return "\n\n".join(out) + "\n"


def make_health_body(lang: str, art: Article, articles: list[Article], w: Words, rng: random.Random,
                     target_words: int = 1800) -> str:
    """A long article as a health portal has them: 8–12 sections, some with subsections, two or
    three lists, one or two tables, two or three care cards and 6–10 links to other articles."""
    T = TEXT[lang]
    topic_word = lower_first(lang, art.title[lang])
    n_sections = rng.randint(8, 12)
    templates = T["sections"]
    headings = [templates[i % len(templates)].format(t=topic_word) for i in rng.sample(range(2 * len(templates)), n_sections)]
    headings = [h if headings.index(h) == i else f"{h} ({i + 1})" for i, h in enumerate(headings)]
    blocks: list[list[str]] = [[] for _ in range(n_sections)]
    fixed = sum(count_words(h) for h in headings)
    for _ in range(rng.randint(2, 3)):
        items = ["- " + capitalise(lang, " ".join(w.word() for _ in range(rng.randint(4, 12))))
                 for _ in range(rng.randint(4, 9))]
        blocks[rng.randrange(n_sections)].append("\n".join(items))
        fixed += sum(count_words(i) for i in items)
    for _ in range(rng.randint(1, 2)):
        table = make_table(T, w, rng, rng.randint(4, 8), 6)
        blocks[rng.randrange(n_sections)].append(table)
        fixed += count_words(table)
    levels = sorted(rng.sample(LEVELS, rng.randint(2, 3)), key=LEVELS.index, reverse=True)
    for level in levels:
        lines = [f":::care {level}", T["care"][level] + ("" if level == "selfcare" else " " + " ".join(w.word() for _ in range(rng.randint(3, 7))))]
        lines += ["- " + " ".join(w.word() for _ in range(rng.randint(3, 8))) for _ in range(rng.randint(2, 5))]
        lines.append(":::")
        blocks[rng.randrange(max(1, n_sections - 3), n_sections)].append("\n".join(lines))
        fixed += sum(count_words(line) for line in lines)
    paragraphs: list[list[str]] = [[] for _ in range(n_sections)]
    words, i = fixed, 0
    while words < target_words - 10 or any(not p for p in paragraphs):
        sec = i if i < n_sections else rng.randrange(n_sections)
        i += 1
        para = " ".join(w.sentence() for _ in range(rng.randint(2, 5)))
        paragraphs[sec].append(para)
        words += count_words(para)
    add_links(lang, art, articles, paragraphs, rng, 12, (6, 10))
    out = []
    for n, (h, paras, extra) in enumerate(zip(headings, paragraphs, blocks)):
        out.append(f"## {h}")
        # Every third section's later paragraphs under a subheading.
        if n % 3 == 2 and len(paras) > 1:
            out.append(paras[0])
            out.append(f"### {capitalise(lang, ' '.join(w.word() for _ in range(rng.randint(2, 4))))}")
            out.extend(paras[1:])
        else:
            out.extend(paras)
        out.extend(extra)
    return "\n\n".join(out) + "\n"


def front_matter(lang: str, a: Article) -> str:
    T = TEXT[lang]
    lines = ["---",
             f"title: {yaml_str(a.title[lang])}",
             f"summary: {yaml_str(a.summary[lang])}",
             f"kind: {a.kind}",
             f"topics: [{', '.join(a.topics)}]",
             f"reviewed: {a.reviewed}",
             "reviewer:",
             f"  name: {yaml_str(a.reviewer)}",
             f"  role: {yaml_str(T['roles'][a.role_index])}"]
    if lang not in ARABIC_SCRIPT:
        lines.append(f"slug: {yaml_str(a.slug[lang])}")
    lines.append(f"related: [{', '.join(a.related)}]")
    if lang != "sv":
        lines += ["translated_from:", "  lang: sv", f"  date: {a.reviewed}"]
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def make_articles(n: int, topics: list[str], rng: random.Random, health: bool = False,
                  langs: list[str] = LANGS) -> list[Article]:
    articles = [Article(f"a{i:05d}") for i in range(1, n + 1)]
    titling = make_shared_titles if health else make_titles
    titles = {lang: titling(lang, n, random.Random(rng.random())) for lang in langs}
    # Slugs from the titles; Arabic-script articles keep the key as their slug.
    slugs = {lang: make_slugs(titles[lang]) for lang in langs if lang not in ARABIC_SCRIPT}
    start = dt.date(2025, 1, 1)
    for i, a in enumerate(articles):
        a.kind = rng.choice(KINDS)
        a.topics = rng.sample(topics, rng.randint(1, 3))
        if health and rng.random() < 0.5:
            # Half the articles in three very large topics.
            a.topics = [topics[rng.randrange(3)]] + [t for t in a.topics if t not in topics[:3]][:1]
        a.reviewed = (start + dt.timedelta(days=rng.randrange(0, 660))).isoformat()
        a.reviewer = rng.choice(REVIEWERS)
        a.role_index = rng.randrange(len(TEXT["sv"]["roles"]))
        if n > 1:
            a.related = [o.key for o in rng.sample(articles, min(n, 4)) if o.key != a.key][: rng.randint(2, 3)]
        for lang in langs:
            a.title[lang] = titles[lang][i]
            a.slug[lang] = slugs[lang][i] if lang in slugs else a.key
            a.summary[lang] = rng.choice(TEXT[lang]["summary"]).format(t=lower_first(lang, a.title[lang]))
    return articles


# --------------------------------------------------------------------------------------------------
# Clinics (format of content/clinics/*.yaml)
# --------------------------------------------------------------------------------------------------

# municipality: (lat, lon, postcode prefixes, area code, districts)
MUNICIPALITIES = {
    "stockholm": {
        "prefix": "SE2321000016",
        "places": {
            "Stockholm": (59.33, 18.06, [111, 113, 116, 117, 118, 120, 123, 124, 126, 129], "08",
                          ["Södermalm", "Kungsholmen", "Vasastan", "Östermalm", "Farsta", "Hägersten", "Skärholmen", "Bromma", "Rinkeby", "Tensta", "Liljeholmen", "Årsta"]),
            "Solna": (59.36, 18.00, [169, 170, 171], "08", ["Råsunda", "Bergshamra", "Hagalund"]),
            "Huddinge": (59.24, 17.98, [141], "08", ["Flemingsberg", "Skogås", "Trångsund"]),
            "Nacka": (59.31, 18.16, [131, 132], "08", ["Fisksätra", "Saltsjöbaden", "Orminge"]),
            "Järfälla": (59.42, 17.83, [175, 176, 177], "08", ["Jakobsberg", "Viksjö", "Barkarby"]),
            "Södertälje": (59.20, 17.63, [151, 152], "08", ["Ronna", "Hovsjö", "Centrum"]),
            "Norrtälje": (59.76, 18.70, [761], "0176", ["Centrum", "Görla"]),
            "Täby": (59.44, 18.07, [183, 187], "08", ["Näsby park", "Gribbylund"]),
            "Botkyrka": (59.20, 17.83, [145, 146, 147], "08", ["Fittja", "Alby", "Tumba"]),
            "Haninge": (59.17, 18.14, [136, 137], "08", ["Handen", "Jordbro", "Brandbergen"]),
            "Sundbyberg": (59.36, 17.97, [172, 174], "08", ["Hallonbergen", "Centrum"]),
            "Lidingö": (59.37, 18.13, [181], "08", ["Torsvik", "Larsberg"]),
        },
    },
    "vastra-gotaland": {
        "prefix": "SE2321000131",
        "places": {
            "Göteborg": (57.71, 11.97, [411, 412, 413, 414, 415, 416, 417, 418, 421, 424], "031",
                         ["Majorna", "Angered", "Frölunda", "Kortedala", "Hisingen", "Biskopsgården", "Gamlestaden", "Bergsjön", "Linnéstaden", "Högsbo"]),
            "Borås": (57.72, 12.94, [503, 504, 506], "033", ["Norrby", "Hässleholmen", "Sjöbo"]),
            "Trollhättan": (58.28, 12.29, [461], "0520", ["Lextorp", "Kronogården"]),
            "Uddevalla": (58.35, 11.94, [451], "0522", ["Dalaberg", "Centrum"]),
            "Skövde": (58.39, 13.85, [541], "0500", ["Norrmalm", "Billingen"]),
            "Kungälv": (57.87, 11.98, [442], "0303", ["Ytterby", "Centrum"]),
            "Alingsås": (57.93, 12.53, [441], "0322", ["Noltorp", "Centrum"]),
            "Mölndal": (57.66, 12.01, [431], "031", ["Lindome", "Kållered"]),
            "Partille": (57.74, 12.11, [433], "031", ["Öjersjö", "Sävedalen"]),
            "Lidköping": (58.50, 13.16, [531], "0510", ["Centrum", "Margretelund"]),
            "Vänersborg": (58.38, 12.32, [462], "0521", ["Centrum", "Vargön"]),
            "Falköping": (58.17, 13.55, [521], "0515", ["Centrum", "Fåraberget"]),
        },
    },
    "skane": {
        "prefix": "SE2321000255",
        "places": {
            "Malmö": (55.60, 13.00, [211, 212, 213, 214, 215, 216, 217], "040",
                      ["Rosengård", "Limhamn", "Hyllie", "Möllevången", "Husie", "Oxie", "Fosie", "Kirseberg"]),
            "Lund": (55.70, 13.19, [222, 223, 224, 226, 227], "046", ["Linero", "Norra Fäladen", "Klostergården"]),
            "Helsingborg": (56.05, 12.69, [252, 253, 254, 256], "042", ["Drottninghög", "Råå", "Dalhem"]),
            "Kristianstad": (56.03, 14.16, [291], "044", ["Centrum", "Näsby"]),
            "Landskrona": (55.87, 12.83, [261], "0418", ["Centrum", "Öresundsparken"]),
            "Trelleborg": (55.38, 13.16, [231], "0410", ["Centrum", "Skegrie"]),
            "Ystad": (55.43, 13.82, [271], "0411", ["Centrum", "Östra förstaden"]),
            "Hässleholm": (56.16, 13.77, [281], "0451", ["Centrum", "Ljungdala"]),
            "Ängelholm": (56.24, 12.86, [262], "0431", ["Centrum", "Skälderviken"]),
            "Eslöv": (55.84, 13.30, [241], "0413", ["Centrum"]),
            "Höganäs": (56.20, 12.56, [263], "042", ["Centrum", "Viken"]),
            "Staffanstorp": (55.64, 13.21, [245], "046", ["Hjärup", "Centrum"]),
        },
    },
}

NAME_HEADS = """ek björk tall gran lind alm lönn hassel rönn asp sälg pil sol mån stjärn vind moln regn snö
    dagg frost sjö hav våg sand sten berg dal äng fält skog lund kust hamn fyr bro älv å strand källa
    sparv lärk falk trast svala mås ekorr räv hjort uggla humle bi fjäril blåbär lingon hjortron
    körsbär äppel päron kastanj""".split()
NAME_TAILS = """brynet gläntan sluttningen backen höjden udden viken kullen dungen kronan gården hagen
    ängen stigen porten ljuset skimret glittret virveln snurran brisen vinden slingan bågen
    fästet lyktan knoppen klippan näset""".split()
STREET_TAILS = ["vägen", "gatan", "gränd", "allén", "stigen", "platsen", "backe"]
TYPES = [("vardcentral", 73), ("jourmottagning", 11), ("akutmottagning", 5), ("barnavardscentral", 6),
         ("barnmorskemottagning", 5)]
SERVICES = {
    "vardcentral": (["doctor", "nurse"], ["vaccinations", "lab", "wound-care", "diabetes-nurse", "physiotherapy",
                                          "travel-vaccinations", "psychologist", "counsellor", "dietitian", "drop-in"]),
    "jourmottagning": (["doctor", "nurse"], ["drop-in", "lab"]),
    "akutmottagning": (["doctor", "nurse", "lab"], []),
    "barnavardscentral": (["child-health", "nurse"], ["vaccinations", "psychologist", "dietitian"]),
    "barnmorskemottagning": (["maternity"], ["counsellor", "vaccinations", "lab"]),
}
SPOKEN = ["ar", "fa", "so", "bs", "pl", "fi", "tr", "es", "ti", "de", "sr", "fr", "ku", "hr", "ru", "uk"]
ACCESS = ["wheelchair", "accessible-toilet", "lift", "hearing-loop", "parking", "accessible-parking"]
ESERVICES = ["book", "rebook", "cancel", "renew-prescription", "journal", "register"]
HOLIDAYS = ["2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01"]


def ascii_fold(s: str) -> str:
    return s.translate(str.maketrans("åäöéÅÄÖÉ", "aaoeAAOE"))


def make_clinics(m: int, rng: random.Random) -> list[tuple[str, str]]:
    files = []
    used_names: set[str] = set()
    type_names = [t for t, _ in TYPES]
    type_weights = [w for _, w in TYPES]
    for i in range(1, m + 1):
        region = REGIONS[(i - 1) % 3] if rng.random() < 0.7 else rng.choice(REGIONS)
        info = MUNICIPALITIES[region]
        muni = rng.choice(list(info["places"]))
        lat0, lon0, postcodes, area, districts = info["places"][muni]
        district = rng.choice(districts)
        kind = rng.choices(type_names, weights=type_weights)[0]
        while True:
            head, tail = rng.choice(NAME_HEADS), rng.choice(NAME_TAILS)
            base = (head + tail).capitalize()
            place = muni if district == "Centrum" else district
            name = {
                "vardcentral": f"Vårdcentralen {base} {place}",
                "jourmottagning": f"{base}{'' if base.endswith('s') else 's'} jourmottagning {place}",
                "akutmottagning": f"Akutmottagningen {base}{'' if base.endswith('s') else 's'} sjukhus {muni}",
                "barnavardscentral": f"Barnavårdscentralen {base} {place}",
                "barnmorskemottagning": f"Barnmorskemottagningen {base} {place}",
            }[kind]
            if name not in used_names:
                used_names.add(name)
                break
        initials = "".join(p[0] for p in ascii_fold(f"{head} {tail} {place}").upper().split())[:4]
        hsa = f"{info['prefix']}-{initials}{i}"
        street = f"{head.capitalize()}{rng.choice(STREET_TAILS)} {rng.randint(1, 120)}"
        postcode = f"{rng.choice(postcodes)} {rng.randint(10, 99)}"
        lat = lat0 + rng.uniform(-0.06, 0.06)
        lon = lon0 + rng.uniform(-0.10, 0.10)
        number = f"555 {rng.randint(100, 999)} {rng.randint(10, 99)}" if len(area) <= 3 else f"55 {rng.randint(10, 99)} {rng.randint(10, 99)}"
        if rng.random() < 0.5:
            phone = f"{area}-{number}"
        else:
            phone = f"+46 {area[1:]} {number}"
        lines = [
            f"hsa_id: {hsa}",
            f"name: {name}",
            f"type: {kind}",
            f"region: {region}",
            f"municipality: {muni}",
            "address:",
            f"  street: {street}",
            f'  postcode: "{postcode}"',
            f"  city: {muni if district == 'Centrum' or muni in ('Göteborg', 'Malmö', 'Lund', 'Helsingborg', 'Borås') else district}",
            f"geo: {{lat: {lat:.4f}, lon: {lon:.4f}}}",
            f'phone: "{phone}"',
        ]
        if rng.random() < 0.65:
            lines.append(f"website: https://{ascii_fold(head + tail)}-{i}.example")
        lines.append("hours:")
        if kind == "akutmottagning":
            lines += ['  - days: [mon, tue, wed, thu, fri, sat, sun]', '    opens: "00:00"', '    closes: "24:00"']
        elif kind == "jourmottagning":
            lines += ['  - days: [mon, tue, wed, thu, fri]', f'    opens: "{rng.choice(["16:00", "17:00", "18:00"])}"',
                      f'    closes: "{rng.choice(["21:00", "22:00", "23:00"])}"',
                      '  - days: [sat, sun]', f'    opens: "{rng.choice(["08:00", "09:00", "10:00"])}"',
                      f'    closes: "{rng.choice(["18:00", "20:00", "21:00"])}"']
        else:
            opens = rng.choice(["07:30", "08:00", "08:30"])
            closes = rng.choice(["16:30", "17:00", "17:30"])
            if rng.random() < 0.5:
                lines += ['  - days: [mon, tue, wed, thu, fri]', f'    opens: "{opens}"', f'    closes: "{closes}"']
            else:
                lines += ['  - days: [mon, tue, wed, thu]', f'    opens: "{opens}"', f'    closes: "{closes}"',
                          '  - days: [fri]', f'    opens: "{opens}"', f'    closes: "{rng.choice(["14:00", "15:00", "16:00"])}"']
            if rng.random() < 0.15:
                lines += ['  - days: [sat]', '    opens: "10:00"', '    closes: "14:00"']
        if rng.random() < 0.9:
            lines.append("special_hours:")
            for d in HOLIDAYS:
                if kind in ("akutmottagning",):
                    continue
                if kind == "jourmottagning" or (d == "2026-12-31" and rng.random() < 0.3):
                    lines += [f"  - date: {d}", '    opens: "10:00"', f'    closes: "{rng.choice(["13:00", "15:00", "18:00"])}"']
                else:
                    lines += [f"  - date: {d}", "    closed: true"]
            if lines[-1] == "special_hours:":
                lines.pop()
        must, optional = SERVICES[kind]
        services = must + [s for s in optional if rng.random() < 0.45]
        langs = ["sv", "en"] + sorted(rng.sample(SPOKEN, rng.randint(0, 5)), key=SPOKEN.index)
        access = ["wheelchair", "accessible-toilet"] + [a for a in ACCESS[2:] if rng.random() < 0.5]
        if kind in ("akutmottagning", "jourmottagning"):
            eserv = [] if rng.random() < 0.5 else ["journal"]
        else:
            eserv = [e for e in ESERVICES if rng.random() < 0.85]
        lines += [
            f"services: [{', '.join(services)}]",
            f"languages: [{', '.join(langs)}]",
            f"accessibility: [{', '.join(access)}]",
            f"listing_open: {'false' if kind in ('akutmottagning', 'jourmottagning') else ('true' if rng.random() < 0.9 else 'false')}",
            f"eservices: [{', '.join(eserv)}]",
            f"updated: {(dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(0, 320))).isoformat()}",
            "example: true",
        ]
        files.append((f"c{i:05d}.yaml", "\n".join(lines) + "\n"))
    return files


# --------------------------------------------------------------------------------------------------
# Hugo
# --------------------------------------------------------------------------------------------------

HUGO_CONFIG = """\
# Generated by bench/gen_corpus.py: the vardguide benchmark corpus as a Hugo site.
baseURL = "https://vardguide.example/"
title = "vardguide"
defaultContentLanguage = "sv"
defaultContentLanguageInSubdir = true
enableRobotsTXT = true
disableKinds = ["rss"]

[taxonomies]
  topic = "topics"
  kind = "kinds"

[outputs]
  home = ["html", "json"]
  section = ["html"]
  taxonomy = ["html"]
  term = ["html"]

[markup.goldmark.extensions]
  table = true
  strikethrough = true
  footnote = true

[languages]
"""

HUGO_LABELS = {"sv": "Svenska", "en": "English", "ar": "العربية", "fa": "فارسی", "fi": "Suomi", "so": "Soomaali"}


def hugo_config(langs: list[str]) -> str:
    """HUGO_CONFIG with a [languages] entry per language."""
    return HUGO_CONFIG + "".join(f"""\
  [languages.{lang}]
    label = "{HUGO_LABELS[lang]}"
    locale = "{lang}"
    direction = "{'rtl' if lang in ARABIC_SCRIPT else 'ltr'}"
    contentDir = "content/{lang}"
    weight = {i}
""" for i, lang in enumerate(langs, 1))


HUGO_LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="{{ site.Language.Locale }}" dir="{{ or site.Language.Direction "ltr" }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} – {{ site.Title }}{{ end }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Locale }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="{{ "style.css" | absURL }}">
</head>
<body>
<a class="skip" href="#main">↓</a>
{{ partial "header.html" . }}
<main id="main">
{{ block "main" . }}{{ end }}
</main>
{{ partial "footer.html" . }}
</body>
</html>
""",
    "home.html": """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
<h2>{{ T "recent" }}</h2>
<ul>
{{ range first 20 (where site.RegularPages.ByDate.Reverse "Section" "articles") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
<h2>{{ T "topics" }}</h2>
<ul>{{ range site.Taxonomies.topics }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
    "single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="lead">{{ .Summary }}</p>
{{ .Content }}
<footer class="article-meta">
<p>{{ T "reviewed" }} {{ .Date.Format "2006-01-02" }}, {{ .Params.reviewer.name }}, {{ .Params.reviewer.role }}</p>
<p>{{ T "topics" }}: {{ range $i, $t := .GetTerms "topics" }}{{ if $i }}, {{ end }}<a href="{{ $t.RelPermalink }}">{{ $t.LinkTitle }}</a>{{ end }}</p>
{{ with .Params.related }}<h2>{{ T "related" }}</h2>
<ul>{{ range . }}{{ with site.GetPage (printf "/articles/%s" .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ul>{{ end }}
{{ with .Translations }}<p>{{ T "available_in" }} {{ range . }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Locale }}">{{ .Language.Label }}</a> {{ end }}</p>{{ end }}
</footer>
</article>
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="article-list">
{{ range .Pages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="kind">{{ range .GetTerms "kinds" }}{{ .LinkTitle }}{{ end }}</span><br>{{ .Summary }}</li>
{{ end }}</ul>
{{ end }}
""",
    "taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
""",
    "term.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="article-list">
{{ range .Pages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><br>{{ .Summary }}</li>
{{ end }}</ul>
{{ end }}
""",
    "404.html": """\
{{ define "main" }}
<h1>404</h1>
<p><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></p>
{{ end }}
""",
    "home.json": """\
{{- $pages := slice -}}
{{- range where site.RegularPages "Section" "articles" -}}
{{- $pages = $pages | append (dict "title" .Title "url" .RelPermalink "summary" .Summary "body" .Plain) -}}
{{- end -}}
{{- $pages | jsonify -}}
""",
    "_partials/header.html": """\
<header class="site-header">
<a class="brand" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav aria-label="{{ T "menu" }}"><ul>
<li><a href="{{ site.Home.RelPermalink }}">{{ T "home" }}</a></li>
<li><a href="{{ "articles/" | relLangURL }}">{{ T "a_o" }}</a></li>
<li><a href="{{ "topics/" | relLangURL }}">{{ T "topics" }}</a></li>
<li><a href="{{ "kinds/" | relLangURL }}">{{ T "kinds" }}</a></li>
</ul></nav>
<nav class="lang-switch" aria-label="{{ T "languages" }}"><ul>
{{ range hugo.Sites }}<li><a href="{{ .Home.RelPermalink }}" hreflang="{{ .Language.Locale }}">{{ .Language.Label }}</a></li>{{ end }}
</ul></nav>
</header>
""",
    "_partials/footer.html": """\
<footer class="site-footer"><p>{{ T "footer" }}</p></footer>
""",
    "clinics/single.html": """\
{{ define "main" }}
{{ $c := .Params.clinic }}
<article class="clinic">
<p class="clinic-type">{{ T (printf "clinic_type_%s" $c.type) }}</p>
<h1>{{ .Title }}</h1>
<p>{{ if $c.listing_open }}✓ {{ T "clinic_listing_open" }}{{ else }}{{ T "clinic_listing_closed" }}{{ end }}</p>
<dl>
<dt>{{ T "clinic_phone" }}</dt><dd><a href="tel:{{ replaceRE `[^+0-9]` "" $c.phone }}">{{ $c.phone }}</a></dd>
<dt>{{ T "clinic_address" }}</dt><dd>{{ $c.address.street }}<br>{{ $c.address.postcode }} {{ $c.address.city }}<br>{{ $c.municipality }}</dd>
<dd><a href="https://www.openstreetmap.org/?mlat={{ $c.geo.lat }}&amp;mlon={{ $c.geo.lon }}">{{ T "clinic_map" }}</a></dd>
{{ with $c.website }}<dt>{{ T "clinic_website" }}</dt><dd><a href="{{ . }}">{{ . }}</a></dd>{{ end }}
</dl>
<h2>{{ T "clinic_hours" }}</h2>
<table><tbody>
{{ range $d := slice "mon" "tue" "wed" "thu" "fri" "sat" "sun" }}<tr><th>{{ T (printf "day_%s" $d) }}</th><td>{{ $open := false }}{{ range $c.hours }}{{ if in .days $d }}{{ $open = true }}{{ .opens }}–{{ .closes }} {{ end }}{{ end }}{{ if not $open }}{{ T "clinic_closed" }}{{ end }}</td></tr>
{{ end }}</tbody></table>
{{ with $c.special_hours }}<h2>{{ T "clinic_special_hours" }}</h2>
<table><tbody>{{ range . }}<tr><th>{{ time.Format ":date_long" .date }}</th><td>{{ if .closed }}{{ T "clinic_closed" }}{{ else }}{{ .opens }}–{{ .closes }}{{ end }}</td></tr>{{ end }}</tbody></table>{{ end }}
<h2>{{ T "clinic_services" }}</h2>
<ul>{{ range $c.services }}<li>{{ T (printf "service_%s" (replace . "-" "_")) }}</li>{{ end }}</ul>
<h2>{{ T "clinic_languages" }}</h2>
<p>{{ range $i, $l := $c.languages }}{{ if $i }}, {{ end }}{{ T (printf "spoken_%s" $l) }}{{ end }}</p>
<h2>{{ T "clinic_accessibility" }}</h2>
<ul>{{ range $c.accessibility }}<li>{{ T (printf "accessibility_%s" (replace . "-" "_")) }}</li>{{ end }}</ul>
{{ with $c.eservices }}<h2>{{ T "clinic_eservices" }}</h2>
<ul>{{ range . }}<li><a href="https://e-tjanster.vardguide.example/{{ . }}?unit={{ $c.hsa_id }}&amp;lang={{ site.Language.Lang }}">{{ T (printf "eservice_%s" (replace . "-" "_")) }}</a></li>{{ end }}</ul>{{ end }}
<p>{{ replace (T "clinic_updated") "{date}" (time.Format ":date_long" $c.updated) }} HSA-id: {{ $c.hsa_id }}</p>
</article>
{{ end }}
""",
    "_shortcodes/care.html": """\
{{- $level := .Get "level" -}}
<aside class="care care-{{ $level }}" role="note">
<p class="care-label"><span class="visually-hidden">{{ T (printf "care_%s_sr" $level) }}</span>{{ T (printf "care_%s" $level) }}</p>
{{ if eq $level "emergency" }}<p><a href="tel:112">112</a></p>{{ end }}
{{ .Inner | .Page.RenderString (dict "display" "block") }}
</aside>
""",
    "_shortcodes/region.html": """\
<aside class="region-note" role="note">
<p class="region-label">{{ T "region_note" }} {{ .Get "code" }}</p>
{{ .Inner | .Page.RenderString (dict "display" "block") }}
</aside>
""",
}

HUGO_I18N = {
    "sv": dict(recent="Nyligen granskat", topics="Ämnen", kinds="Typ av artikel", reviewed="Granskad", related="Läs också",
               available_in="Finns på:", menu="Huvudmeny", home="Start", a_o="A–Ö", languages="Välj språk",
               footer="Vid fara för liv: ring 112. För råd om vård: ring 1177, dygnet runt.",
               care_emergency="Ring 112", care_urgent="Sök vård direkt", care_contact="Kontakta en vårdcentral eller ring 1177",
               care_selfcare="Det här kan du göra själv", care_emergency_sr="Akut, fara för liv:", care_urgent_sr="Brådskande:",
               care_contact_sr="Kontakta vården:", care_selfcare_sr="Egenvård:", region_note="Gäller i"),
    "en": dict(recent="Recently reviewed", topics="Topics", kinds="Kind of article", reviewed="Reviewed", related="Read also",
               available_in="Available in:", menu="Main menu", home="Home", a_o="A–Z", languages="Choose language",
               footer="If a life is in danger: call 112. For medical advice: call 1177, day and night.",
               care_emergency="Call 112", care_urgent="Seek care now", care_contact="Contact a health centre or call 1177",
               care_selfcare="What you can do yourself", care_emergency_sr="Emergency:", care_urgent_sr="Urgent:",
               care_contact_sr="Contact care:", care_selfcare_sr="Self-care:", region_note="Applies in"),
    "ar": dict(recent="تمت مراجعته مؤخرًا", topics="المواضيع", kinds="نوع المقال", reviewed="تمت المراجعة", related="اقرأ أيضًا",
               available_in="متوفر باللغات:", menu="القائمة الرئيسية", home="الرئيسية", a_o="أ–ي", languages="اختر اللغة",
               footer="في حالة الخطر على الحياة: اتصل بالرقم 112. للاستشارة الطبية: اتصل بالرقم 1177.",
               care_emergency="اتصل بالرقم 112", care_urgent="اطلب الرعاية فورًا", care_contact="اتصل بالمستوصف أو بالرقم 1177",
               care_selfcare="ما يمكنك فعله بنفسك", care_emergency_sr="حالة طارئة:", care_urgent_sr="عاجل:",
               care_contact_sr="اتصل بالرعاية:", care_selfcare_sr="الرعاية الذاتية:", region_note="ينطبق في"),
    "fa": dict(recent="تازه‌ترین بازبینی‌ها", topics="موضوع‌ها", kinds="نوع مقاله", reviewed="بازبینی‌شده", related="بیشتر بخوانید",
               available_in="موجود به زبان‌های:", menu="منوی اصلی", home="صفحه اصلی", a_o="الف–ی", languages="انتخاب زبان",
               footer="در وضعیت اضطراری که جان کسی در خطر است: با 112 تماس بگیرید. برای مشاوره پزشکی: با 1177 تماس بگیرید، شبانه‌روزی.",
               care_emergency="با 112 تماس بگیرید", care_urgent="همین حالا به مراکز درمانی مراجعه کنید",
               care_contact="با یک مرکز درمانی یا 1177 تماس بگیرید", care_selfcare="کارهایی که خودتان می‌توانید انجام دهید",
               care_emergency_sr="وضعیت اضطراری:", care_urgent_sr="فوری:", care_contact_sr="تماس با مراکز درمانی:",
               care_selfcare_sr="مراقبت از خود:", region_note="معتبر در"),
    "fi": dict(recent="Äskettäin tarkistetut", topics="Aiheet", kinds="Artikkelin tyyppi", reviewed="Tarkistettu", related="Lue myös",
               available_in="Saatavilla myös:", menu="Päävalikko", home="Etusivu", a_o="A–Ö", languages="Valitse kieli",
               footer="Kun henki on vaarassa: soita 112. Neuvoja hoitoon hakeutumisesta: soita 1177, ympäri vuorokauden.",
               care_emergency="Soita 112", care_urgent="Hakeudu hoitoon heti", care_contact="Ota yhteyttä terveyskeskukseen tai soita 1177",
               care_selfcare="Näin voit hoitaa itse", care_emergency_sr="Hätätilanne:", care_urgent_sr="Kiireellinen:",
               care_contact_sr="Ota yhteyttä hoitoon:", care_selfcare_sr="Itsehoito:", region_note="Koskee aluetta"),
    "so": dict(recent="Kuwa dhowaan la hubiyay", topics="Mawduucyo", kinds="Nooca maqaalka", reviewed="La hubiyay",
               related="Akhri wax dheeraad ah", available_in="Luqadaha la heli karo:", menu="Liiska ugu muhiimsan",
               home="Bogga hore", a_o="A–Z", languages="Dooro luqadda",
               footer="Marka nolol khatar ku jirto: wac 112. Talo ku saabsan daryeelka caafimaadka: wac 1177, habeen iyo maalin.",
               care_emergency="Wac 112", care_urgent="Hadda raadso daryeel caafimaad", care_contact="La xiriir xarun caafimaad ama wac 1177",
               care_selfcare="Waxa adiga laftaadu samayn karto", care_emergency_sr="Xaalad degdeg ah:", care_urgent_sr="Degdeg:",
               care_contact_sr="La xiriir daryeelka caafimaadka:", care_selfcare_sr="Is-daryeel:", region_note="Waxay khuseysaa"),
}


CLINICS_TITLE = {"sv": "Hitta vård", "en": "Find care", "ar": "ابحث عن رعاية", "fa": "یافتن مرکز درمانی",
                 "fi": "Etsi hoitoa", "so": "Hel daryeel caafimaad"}


def to_hugo_body(lang: str, body: str, by_key: dict[str, Article]) -> str:
    out, open_block = [], None
    for line in body.split("\n"):
        m = re.fullmatch(r":::(care|region) (\S+)", line)
        if m:
            open_block = m.group(1)
            attr = "level" if open_block == "care" else "code"
            out.append(f'{{{{< {open_block} {attr}="{m.group(2)}" >}}}}')
            continue
        if line == ":::" and open_block:
            out.append(f"{{{{< /{open_block} >}}}}")
            open_block = None
            continue
        out.append(re.sub(r"\(article:([a-z0-9-]+)\)",
                          lambda mm: f'({{{{< ref "/articles/{by_key[mm.group(1)].slug[lang]}" >}}}})', line))
    return "\n".join(out)


def hugo_front_matter(lang: str, a: Article) -> str:
    T = TEXT[lang]
    return "\n".join([
        "---",
        f"title: {yaml_str(a.title[lang])}",
        f"summary: {yaml_str(a.summary[lang])}",
        f"description: {yaml_str(a.summary[lang])}",
        f"date: {a.reviewed}",
        f"translationKey: {a.key}",
        f"kinds: [{a.kind}]",
        f"topics: [{', '.join(a.topics)}]",
        "reviewer:",
        f"  name: {yaml_str(a.reviewer)}",
        f"  role: {yaml_str(T['roles'][a.role_index])}",
        "related: [" + ", ".join(yaml_str(x) for x in a.related_slugs[lang]) + "]",
        "---",
    ]) + "\n\n"


CLINIC_I18N_PREFIXES = ("clinic_type.", "service.", "spoken.", "accessibility.", "eservice.", "day.", "clinic.")


def clinic_strings(translations: Path) -> dict[str, str]:
    """The clinic vocabulary of a vardguide translations file (flat `key: value` lines), as Hugo i18n keys."""
    out = {}
    if not translations.is_file():
        return out
    for line in translations.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([a-z_]+\.[a-z0-9_.-]+):\s+(.+)$", line)
        if not m or not m.group(1).startswith(CLINIC_I18N_PREFIXES):
            continue
        value = m.group(2).strip()
        if value.startswith('"') and value.endswith('"'):
            value = value[1:-1].replace('\\"', '"')
        elif value.startswith("'") and value.endswith("'"):
            value = value[1:-1].replace("''", "'")
        out[re.sub(r"[.-]", "_", m.group(1))] = value
    return out


def write_hugo(hugo: Path, articles: list[Article], by_key: dict[str, Article], css: Path,
               clinics: list[tuple[str, str]], translations: Path, langs: list[str] = LANGS) -> None:
    if hugo.exists():
        shutil.rmtree(hugo)
    (hugo / "layouts").mkdir(parents=True)
    (hugo / "hugo.toml").write_text(hugo_config(langs), encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        p = hugo / "layouts" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    (hugo / "i18n").mkdir()
    for lang in langs:
        merged = {**clinic_strings(translations / f"{lang}.yaml"), **HUGO_I18N[lang]}
        (hugo / "i18n" / f"{lang}.toml").write_text(
            "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in merged.items()), encoding="utf-8")
    (hugo / "static").mkdir()
    shutil.copy(css, hugo / "static/style.css")
    for lang in langs:
        d = hugo / "content" / lang / "articles"
        d.mkdir(parents=True)
        (d / "_index.md").write_text(f"---\ntitle: {yaml_str(HUGO_I18N[lang]['a_o'])}\n---\n", encoding="utf-8")
        for a in articles:
            (d / f"{a.slug[lang]}.md").write_text(
                hugo_front_matter(lang, a) + to_hugo_body(lang, a.body[lang], by_key), encoding="utf-8")
        # The clinics as data pages, like vardguide's /<lang>/clinics/<key>/ (front matter only;
        # `type` is a reserved front matter key in Hugo, so the unit's data sits under `clinic:`).
        if clinics:
            cd = hugo / "content" / lang / "clinics"
            cd.mkdir(parents=True)
            (cd / "_index.md").write_text(f"---\ntitle: {yaml_str(CLINICS_TITLE[lang])}\n---\n", encoding="utf-8")
            for name, text in clinics:
                title = re.search(r"^name: (.*)$", text, re.M).group(1)
                body = "".join(f"  {line}\n" for line in text.splitlines())
                (cd / name.replace(".yaml", ".md")).write_text(
                    f"---\ntitle: {yaml_str(title)}\nclinic:\n{body}---\n", encoding="utf-8")


# --------------------------------------------------------------------------------------------------


def copy_tree(src: Path, dst: Path) -> None:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, required=True, help="articles per language (see --langs)")
    ap.add_argument("--clinics", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True, help="the vardguide site to write (replaced)")
    ap.add_argument("--hugo", type=Path, help="also write the Hugo site here (replaced)")
    ap.add_argument("--seed", type=int, default=1177)
    ap.add_argument("--langs", default=",".join(LANGS),
                    help=f"comma-separated article languages, sv and any of {', '.join(ALL_LANGS[1:])} "
                         f"(default {','.join(LANGS)}; sv,en,ar,fa,fi,so for the six-language corpus)")
    ap.add_argument("--words", type=int, help="approximate words per article body (default 600, health 1800)")
    ap.add_argument("--profile", choices=["zipf", "uniform", "health"], default="zipf",
                    help="zipf: varied text with Zipf-like term frequencies (default); uniform: a small "
                         "vocabulary drawn evenly, so nearly every term is in nearly every document; health: "
                         "long articles with many headings, lists, tables, care cards and links, shared "
                         "title words and three very large topics")
    ap.add_argument("--from-rev", metavar="REV",
                    help="take site.yaml, translations/, themes/, content/fees/ and content/pages/ from this git "
                         "revision of the repository (e.g. HEAD) instead of the working tree: use it when the "
                         "working tree's theme is newer than the vardguide binary being measured")
    args = ap.parse_args()
    if args.articles < 1:
        ap.error("--articles must be at least 1")
    chosen = {lang.strip() for lang in args.langs.split(",") if lang.strip()}
    if chosen - set(ALL_LANGS):
        ap.error(f"--langs: unknown language {', '.join(sorted(chosen - set(ALL_LANGS)))} "
                 f"(choose from {','.join(ALL_LANGS)})")
    if "sv" not in chosen:
        ap.error("--langs must include sv (the default language, which the others are translated from)")
    langs = [lang for lang in ALL_LANGS if lang in chosen]  # a fixed order, whatever the order given

    out: Path = args.out
    rng = random.Random(args.seed)
    site_yaml = (REPO / "site.yaml").read_text(encoding="utf-8")
    topics = re.findall(r"^  - ([a-z0-9-]+)$", site_yaml.split("\ntopics:", 1)[1], re.M)

    health = args.profile == "health"
    words_per_body = args.words or (1800 if health else 600)
    articles = make_articles(args.articles, topics, rng, health, langs)
    by_key = {a.key: a for a in articles}
    for lang in langs:
        w = Words(lang, random.Random(rng.random()), uniform=args.profile == "uniform")
        body_rng = random.Random(rng.random())
        for a in articles:
            make = make_health_body if health else make_body
            a.body[lang] = make(lang, a, articles, w, body_rng, words_per_body)
    for a in articles:
        a.related_slugs = {lang: [by_key[k].slug[lang] for k in a.related] for lang in langs}
    clinics = make_clinics(args.clinics, random.Random(rng.random()))

    # vardguide site
    out.mkdir(parents=True, exist_ok=True)
    for stale in ("content", "translations", "themes", "templates", "public"):
        if (out / stale).exists():
            shutil.rmtree(out / stale)
    if args.from_rev:
        paths = ["site.yaml", "translations", "themes", "content/fees", "content/pages"]
        listed = subprocess.run(["git", "-C", str(REPO), "ls-tree", "--name-only", args.from_rev, "--", *paths],
                                check=True, capture_output=True, text=True).stdout.split()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", args.from_rev, "--", *listed],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(out)], input=archive, check=True)
    else:
        shutil.copy(REPO / "site.yaml", out / "site.yaml")
        copy_tree(REPO / "translations", out / "translations")
        copy_tree(REPO / "themes", out / "themes")
        for sub in ("fees", "pages"):
            if (REPO / "content" / sub).exists():
                copy_tree(REPO / "content" / sub, out / "content" / sub)
    art_dir = out / "content" / "articles"
    for a in articles:
        d = art_dir / a.key
        d.mkdir(parents=True)
        for lang in langs:
            (d / f"{lang}.md").write_text(front_matter(lang, a) + a.body[lang], encoding="utf-8")
    clinic_dir = out / "content" / "clinics"
    clinic_dir.mkdir(parents=True, exist_ok=True)
    for name, text in clinics:
        (clinic_dir / name).write_text(text, encoding="utf-8")

    if args.hugo:
        write_hugo(args.hugo, articles, by_key, out / "themes/default/static/style.css", clinics,
                   out / "translations", langs)

    for lang in langs:
        for q in SEARCH_WORDS[lang]:
            if not any(q in a.body[lang].casefold() or q in a.title[lang].casefold() for a in articles):
                print(f"gen_corpus: warning: `{q}` ({lang}), a query of bench/search-browser.mjs, is not in the corpus",
                      file=sys.stderr)
    per_body = sum(count_words(a.body[lang]) for a in articles for lang in langs) / (len(langs) * len(articles))
    print(f"gen_corpus: {args.articles} articles × {len(langs)} languages ({per_body:.0f} words "
          f"per body on average), {args.clinics} clinics → {out}" + (f", Hugo → {args.hugo}" if args.hugo else ""),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
